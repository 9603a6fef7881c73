// Mirrors x-pack/platform/plugins/shared/features/server/plugin.ts (elastic/kibana): the contract members this project uses
import type { KibanaFeatureConfig } from '../common';

export interface FeaturesPluginSetup {
  /** Registers a feature during setup; an invalid one (or a second with the same id) throws. */
  registerKibanaFeature(feature: KibanaFeatureConfig): void;
}
