// Builds the KibanaRequest a task runs on behalf of, from the scope stored with the task.
import { URL } from 'node:url';
import type { KibanaRequest } from '@kbn/core/server';
import { kibanaRequestFactory } from '@kbn/core-http-server-utils';

export const DEFAULT_SPACE_ID = 'default';

/** What a task stores to rebuild the request it was scheduled with (security is off here). */
export interface TaskRequestScope {
  /** the space the task was scheduled in */
  spaceId: string;
}

/**
 * Makes the `fakeRequest` of a run from a task's stored scope. The host may plug in its own
 * (e.g. one that sets its base path service), see `TaskManagerPlugin.setFakeRequestFactory`.
 */
export type FakeRequestFactory = (scope: TaskRequestScope) => KibanaRequest;

/** The space's base path, as Kibana prefixes it: `/s/<space>`, nothing for the default space. */
export function getSpaceBasePath(spaceId: string): string {
  return spaceId && spaceId !== DEFAULT_SPACE_ID ? `/s/${spaceId}` : '';
}

/** The space id of a request path (`/s/<space>/...`), `default` when there is none. */
export function getSpaceIdFromPath(pathname: string): string {
  const match = /^\/s\/([^/]+)/.exec(pathname);
  return match ? decodeURIComponent(match[1]) : DEFAULT_SPACE_ID;
}

/** A fake request with no headers whose URL carries the space's base path. */
export const defaultFakeRequestFactory: FakeRequestFactory = ({ spaceId }) => {
  const path = `${getSpaceBasePath(spaceId)}/`;
  return kibanaRequestFactory({ headers: {}, path, url: new URL(`http://localhost${path}`) });
};
