// Mirrors x-pack/platform/plugins/shared/spaces/common/index.ts (elastic/kibana, 9.3): the exports this project uses

export { DEFAULT_SPACE_ID } from './constants';
export { addSpaceIdToPath, getSpaceIdFromPath } from './lib/spaces_url_parser';
