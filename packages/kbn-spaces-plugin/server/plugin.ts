// Mirrors x-pack/platform/plugins/shared/spaces/server/plugin.ts (elastic/kibana): the plugin contracts

import type { SpacesServiceSetup, SpacesServiceStart } from './spaces_service';

/**
 * Setup contract for the Spaces plugin.
 * Simplified: Kibana's also has `spacesClient`.
 */
export interface SpacesPluginSetup {
  /** Service for interacting with spaces. */
  spacesService: SpacesServiceSetup;
}

/**
 * Start contract for the Spaces plugin.
 * Simplified: Kibana's also has `hasOnlyDefaultSpace$`.
 */
export interface SpacesPluginStart {
  /** Service for interacting with spaces. */
  spacesService: SpacesServiceStart;
}
