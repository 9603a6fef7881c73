// The fake request a pushed run gets: the scheduling user's space, as Task Manager builds it.
import type { IBasePath, KibanaRequest } from '@kbn/core/server';
import { kibanaRequestFactory } from '@kbn/core-http-server-utils';
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server';
import { DEFAULT_SPACE_ID, addSpaceIdToPath } from '../../common/default_space_id';

/** The space of a task: its stored user scope, else the tracking reference in its params. */
export function getTaskSpace(task: ConcreteTaskInstance): string {
  const ref = (task.params as { _task?: { space?: unknown } } | undefined)?._task;
  const fromParams = typeof ref?.space === 'string' ? ref.space : undefined;
  return task.userScope?.spaceId ?? fromParams ?? DEFAULT_SPACE_ID;
}

/**
 * Like Kibana's task runner: a request on `/` whose base path names the task's space. The
 * runtime stores no API key, so the request carries no credentials; in Kibana, Task Manager
 * (which can decrypt the key) builds the authenticated one.
 */
export function buildFakeRequest(task: ConcreteTaskInstance, basePath: IBasePath): KibanaRequest {
  const request = kibanaRequestFactory({ headers: {}, path: '/' });
  const space = getTaskSpace(task);
  if (space !== DEFAULT_SPACE_ID) basePath.set(request, addSpaceIdToPath('/', space));
  return request;
}
