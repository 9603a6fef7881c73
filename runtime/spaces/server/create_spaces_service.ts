// The spaces service: a request's space from its base path, and the space <-> namespace mapping.
import type { IBasePath, KibanaRequest } from '@kbn/core/server';
import { DEFAULT_SPACE_ID, getSpaceIdFromPath } from '@kbn/spaces-plugin/common';
import type { SpacesServiceStart } from '@kbn/spaces-plugin/server';

/** Saved-object namespaces: the default space has none, every other space is its own. */
export function spaceIdToNamespace(spaceId: string): string | undefined {
  if (!spaceId) throw new Error('A space id is required');
  return spaceId === DEFAULT_SPACE_ID ? undefined : spaceId;
}

export function namespaceToSpaceId(namespace: string | undefined): string {
  if (namespace === '') throw new Error('An empty namespace is not a space');
  return namespace ?? DEFAULT_SPACE_ID;
}

export function createSpacesService(basePath: IBasePath): SpacesServiceStart {
  const getSpaceId = (request: KibanaRequest) =>
    getSpaceIdFromPath(basePath.get(request), basePath.serverBasePath).spaceId;
  return {
    getSpaceId,
    isInDefaultSpace: (request) => getSpaceId(request) === DEFAULT_SPACE_ID,
    spaceIdToNamespace,
    namespaceToSpaceId,
  };
}
