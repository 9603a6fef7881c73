// Mirrors x-pack/platform/plugins/shared/spaces/common/constants.ts (elastic/kibana)

/** The id of the space every Kibana has, addressed without a `/s/{id}` URL prefix. */
export const DEFAULT_SPACE_ID = `default`;
