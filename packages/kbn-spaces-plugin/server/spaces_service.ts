// Mirrors x-pack/platform/plugins/shared/spaces/server/spaces_service/spaces_service.ts (elastic/kibana)

import type { KibanaRequest } from '@kbn/core/server';

/**
 * The Spaces service setup contract.
 * Simplified: Kibana's also has `registerSpaceDeleteHandler`.
 */
export interface SpacesServiceSetup {
  /** Retrieves the space id associated with the provided request. */
  getSpaceId(request: KibanaRequest): string;
  /** Converts the provided space id into the corresponding Saved Objects `namespace` id. */
  spaceIdToNamespace(spaceId: string): string | undefined;
  /** Converts the provided namespace into the corresponding space id. */
  namespaceToSpaceId(namespace: string | undefined): string;
}

/**
 * The Spaces service start contract.
 * Simplified: Kibana's also has `createSpacesClient` and `getActiveSpace`.
 */
export interface SpacesServiceStart {
  /** Retrieves the space id associated with the provided request. */
  getSpaceId(request: KibanaRequest): string;
  /** Indicates if the provided request is executing within the context of the `default` space. */
  isInDefaultSpace(request: KibanaRequest): boolean;
  /** Converts the provided space id into the corresponding Saved Objects `namespace` id. */
  spaceIdToNamespace(spaceId: string): string | undefined;
  /** Converts the provided namespace into the corresponding space id. */
  namespaceToSpaceId(namespace: string | undefined): string;
}
