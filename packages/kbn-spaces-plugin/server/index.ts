// Mirrors x-pack/platform/plugins/shared/spaces/server/index.ts (elastic/kibana): the exports this project uses

export type { SpacesPluginSetup, SpacesPluginStart } from './plugin';
export type { SpacesServiceSetup, SpacesServiceStart } from './spaces_service';
