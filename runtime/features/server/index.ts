// The runtime's `features` plugin: initializer and config descriptor, as Kibana plugins export them.
import { schema } from '@kbn/config-schema';
import type { PluginConfigDescriptor, PluginInitializerContext } from '@kbn/core/server';

export const config: PluginConfigDescriptor = {
  schema: schema.object({}),
};

export async function plugin(initializerContext: PluginInitializerContext) {
  const { FeaturesPlugin } = await import('./plugin');
  return new FeaturesPlugin(initializerContext);
}
