// Builds the KibanaRequest a task runs on behalf of, from the scope stored with the task.
import { URL } from 'node:url';
import type { KibanaRequest } from '@kbn/core/server';
import { kibanaRequestFactory } from '@kbn/core-http-server-utils';

export const DEFAULT_SPACE_ID = 'default';

/** What a task stores to rebuild the request it was scheduled with. */
export interface TaskRequestScope {
  /** the space the task was scheduled in */
  spaceId: string;
  /** the task's decrypted API key (`base64(id:key)`); none when security is off */
  apiKey?: string;
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

/**
 * A fake request whose URL carries the space's base path, authenticated by the task's API key
 * when it has one. Kibana: x-pack/platform/plugins/shared/task_manager/server/task_running/task_runner.ts (getFakeKibanaRequest)
 */
export const defaultFakeRequestFactory: FakeRequestFactory = ({ spaceId, apiKey }) => {
  const path = `${getSpaceBasePath(spaceId)}/`;
  const headers = apiKey ? { authorization: `ApiKey ${apiKey}` } : {};
  return kibanaRequestFactory({ headers, path, url: new URL(`http://localhost${path}`) });
};
