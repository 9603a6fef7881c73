// Mirrors x-pack/platform/plugins/shared/features/common/kibana_feature.ts (elastic/kibana): the fields this project uses
import type { AppCategory } from '@kbn/core/server';
import type { FeatureKibanaPrivileges } from './feature_kibana_privileges';

/** A Kibana feature: what roles grant, per space, through its `all` and `read` privileges. */
export interface KibanaFeatureConfig {
  /** matches /^[a-zA-Z0-9_-]+$/; also the namespace of its UI capabilities */
  id: string;
  name: string;
  description?: string;
  category: AppCategory;
  order?: number;
  /** leave the whole feature out of the base privileges of a space */
  excludeFromBasePrivileges?: boolean;
  app: readonly string[];
  management?: {
    [sectionId: string]: readonly string[];
  };
  catalogue?: readonly string[];
  privileges: {
    all: FeatureKibanaPrivileges;
    read: FeatureKibanaPrivileges;
  } | null;
  privilegesTooltip?: string;
}
