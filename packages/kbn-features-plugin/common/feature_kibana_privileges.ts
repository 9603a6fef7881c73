// Mirrors x-pack/platform/plugins/shared/features/common/feature_kibana_privileges.ts (elastic/kibana): the fields this project uses

/** What one privilege (`all` or `read`) of a feature grants. */
export interface FeatureKibanaPrivileges {
  /** leave this privilege out of the base privileges (`all`/`read` of a whole space) */
  excludeFromBasePrivileges?: boolean;
  /** grant this privilege only for all spaces (`*`), for features that are not space-aware */
  requireAllSpaces?: boolean;
  /** hide this privilege in the roles UI and refuse it on the API */
  disabled?: boolean;
  management?: {
    [sectionId: string]: readonly string[];
  };
  catalogue?: readonly string[];
  /** route privileges (`security.authz.requiredPrivileges`) this privilege grants */
  api?: readonly string[];
  /** application ids; each must be listed in the feature's `app` */
  app?: readonly string[];
  savedObject: {
    all: readonly string[];
    read: readonly string[];
  };
  /** UI capabilities, namespaced by the feature id */
  ui: readonly string[];
}
