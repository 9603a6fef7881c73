// Mirrors x-pack/platform/plugins/shared/features/server/index.ts (elastic/kibana): the exports this project uses

export type { FeatureKibanaPrivileges, KibanaFeatureConfig } from '../common';
export type { FeaturesPluginSetup } from './plugin';
