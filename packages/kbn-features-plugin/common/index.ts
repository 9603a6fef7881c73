// Mirrors x-pack/platform/plugins/shared/features/common/index.ts (elastic/kibana): the exports this project uses

export type { FeatureKibanaPrivileges } from './feature_kibana_privileges';
export type { KibanaFeatureConfig } from './kibana_feature';
