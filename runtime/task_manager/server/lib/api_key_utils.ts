// The API key and user scope a task scheduled with a request runs with, as Kibana's Task Manager makes them.
// Kibana: x-pack/platform/plugins/shared/task_manager/server/lib/api_key_utils.ts
import type { AuthenticatedUser, KibanaRequest, SecurityServiceStart } from '@kbn/core/server';
import type { TaskUserScope } from '@kbn/task-manager-plugin/server/task';

/** What schedule stores: the encoded key (`base64(id:key)`), and whose it is. */
export interface ApiKeyAndUserScope {
  apiKey: string;
  userScope: TaskUserScope;
}

/** Kibana names keys `TaskManager: <type> - <user>`, at most 256 characters. */
const MAX_NAME_LENGTH = 256;

function isRequestApiKeyType(user: AuthenticatedUser | null): boolean {
  return user?.authentication_type === 'api_key';
}

/** A request made with the user's own API key: that key is reused, and never invalidated. */
function getApiKeyFromRequest(request: KibanaRequest): { id: string; api_key: string } {
  const header = request.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const credentials = value?.split(/\s+/)[1];
  const [id, apiKey] = Buffer.from(credentials ?? '', 'base64')
    .toString()
    .split(':');
  if (!id || !apiKey) {
    throw new Error('Failed to parse API key credentials from the request authorization header.');
  }
  return { id, api_key: apiKey };
}

/**
 * With security on: the key of a request made with an API key is reused (`apiKeyCreatedByUser`);
 * otherwise one is granted for the user as the internal user, with the user's own privileges
 * (`role_descriptors: {}`). Answers undefined when Elasticsearch has no API keys (security
 * off): the runtime then keeps only the space (Kibana's Task Manager throws instead).
 */
export async function getApiKeyAndUserScope(
  taskType: string,
  request: KibanaRequest,
  security: SecurityServiceStart,
  spaceId: string
): Promise<ApiKeyAndUserScope | undefined> {
  if (!(await security.authc.apiKeys.areAPIKeysEnabled())) return undefined;
  const user = security.authc.getCurrentUser(request);
  const apiKeyCreatedByUser = request.isFakeRequest || isRequestApiKeyType(user);
  let created: { id: string; api_key: string } | null;
  if (apiKeyCreatedByUser) {
    created = getApiKeyFromRequest(request);
  } else {
    const name = user ? `TaskManager: ${taskType} - ${user.username}` : `TaskManager: ${taskType}`;
    created = await security.authc.apiKeys.grantAsInternalUser(request, {
      name: name.slice(0, MAX_NAME_LENGTH),
      role_descriptors: {},
      metadata: { managed: true },
    });
  }
  if (!created) throw new Error('Could not create API key.');
  return {
    apiKey: Buffer.from(`${created.id}:${created.api_key}`).toString('base64'),
    userScope: { apiKeyId: created.id, spaceId, apiKeyCreatedByUser },
  };
}
