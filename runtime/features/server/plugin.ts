// FeaturesPlugin: `registerKibanaFeature` in setup, the list at GET /api/features once started.
import type { CoreSetup, Logger, Plugin, PluginInitializerContext } from '@kbn/core/server';
import type { FeaturesPluginSetup, KibanaFeatureConfig } from '@kbn/features-plugin/server';
import { FeatureRegistry } from './feature_registry';

export interface RuntimeFeaturesPluginStart {
  getKibanaFeatures(): KibanaFeatureConfig[];
}

export class FeaturesPlugin implements Plugin<FeaturesPluginSetup, RuntimeFeaturesPluginStart> {
  private readonly logger: Logger;
  private readonly registry = new FeatureRegistry();

  constructor(initializerContext: PluginInitializerContext) {
    this.logger = initializerContext.logger.get();
  }

  setup(core: CoreSetup): FeaturesPluginSetup {
    core.http.createRouter().get(
      {
        path: '/api/features',
        security: { authz: { requiredPrivileges: ['features'] } },
        validate: false,
      },
      async (_context, _request, response) => response.ok({ body: this.registry.getAll() })
    );
    return { registerKibanaFeature: (feature) => this.registry.register(feature) };
  }

  start(): RuntimeFeaturesPluginStart {
    this.registry.lock();
    this.logger.debug(`${this.registry.getAll().length} features registered`);
    return { getKibanaFeatures: () => this.registry.getAll() };
  }
}
