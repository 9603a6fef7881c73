// The fake request a pushed run gets: the scheduling user's API key and space, as Task Manager builds it.
import type { IBasePath, KibanaRequest, SecurityServiceStart } from '@kbn/core/server';
import { kibanaRequestFactory } from '@kbn/core-http-server-utils';
import type {
  ConcreteTaskInstance,
  TaskManagerStartContract,
} from '@kbn/task-manager-plugin/server';
import { DEFAULT_SPACE_ID, addSpaceIdToPath } from '../../common/default_space_id';

/** The space of a task: its stored user scope, else the tracking reference in its params. */
export function getTaskSpace(task: ConcreteTaskInstance): string {
  const ref = (task.params as { _task?: { space?: unknown } } | undefined)?._task;
  const fromParams = typeof ref?.space === 'string' ? ref.space : undefined;
  return task.userScope?.spaceId ?? fromParams ?? DEFAULT_SPACE_ID;
}

/**
 * The task's API key in clear. The task document holds it encrypted; Task Manager's `get`
 * answers it decrypted (Kibana 9: `TaskStore.get` merges the key Encrypted Saved Objects
 * decrypts). Kibana: x-pack/platform/plugins/shared/task_manager/server/task_store.ts (get)
 */
export async function getDecryptedApiKey(
  task: ConcreteTaskInstance,
  taskManager: TaskManagerStartContract
): Promise<string | undefined> {
  if (!task.apiKey || !task.userScope) return undefined;
  return (await taskManager.get(task.id)).apiKey;
}

/**
 * Like Kibana's task runner: a request on `/` whose base path names the task's space, with
 * `Authorization: ApiKey <key>` when the task was scheduled with a request under security;
 * without a stored key it carries no credentials, as before.
 * Kibana: x-pack/platform/plugins/shared/task_manager/server/task_running/task_runner.ts (getFakeKibanaRequest)
 */
export function buildFakeRequest(
  task: ConcreteTaskInstance,
  basePath: IBasePath,
  apiKey?: string
): KibanaRequest {
  const headers = apiKey ? { authorization: `ApiKey ${apiKey}` } : {};
  const request = kibanaRequestFactory({ headers, path: '/' });
  const space = getTaskSpace(task);
  if (space !== DEFAULT_SPACE_ID) basePath.set(request, addSpaceIdToPath('/', space));
  return request;
}

/**
 * After a finished task's document was removed (fenced by the claim), its API key goes too,
 * unless the user made it: what Task Manager's `remove` does before its unfenced delete.
 * Kibana: x-pack/platform/plugins/shared/task_manager/server/task_store.ts (remove)
 */
export async function invalidateTaskApiKey(
  task: ConcreteTaskInstance,
  security: SecurityServiceStart | undefined
): Promise<boolean> {
  const scope = task.userScope;
  if (!security || !task.apiKey || !scope?.apiKeyId || scope.apiKeyCreatedByUser) return false;
  await security.authc.apiKeys.invalidateAsInternalUser({ ids: [scope.apiKeyId] });
  return true;
}
