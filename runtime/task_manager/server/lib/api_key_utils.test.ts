import type { AuthenticatedUser, KibanaRequest, SecurityServiceStart } from '@kbn/core/server';
import { getApiKeyAndUserScope } from './api_key_utils';

function securityWith(user: AuthenticatedUser | null, enabled = true) {
  const grantAsInternalUser = jest.fn(async () => ({
    id: 'granted',
    name: 'n',
    api_key: 'secret',
  }));
  const security = {
    authc: {
      getCurrentUser: () => user,
      apiKeys: {
        areAPIKeysEnabled: async () => enabled,
        grantAsInternalUser,
        invalidateAsInternalUser: jest.fn(),
      },
    },
  } as unknown as SecurityServiceStart;
  return { security, grantAsInternalUser };
}

const request = (authorization: string) =>
  ({ headers: { authorization }, isFakeRequest: false }) as unknown as KibanaRequest;
const encoded = (id: string, key: string) => Buffer.from(`${id}:${key}`).toString('base64');

describe('getApiKeyAndUserScope', () => {
  it('grants a key for a user who logged in with a password, named after the type and user', async () => {
    const user = { username: 'ann', authentication_type: 'realm' } as AuthenticatedUser;
    const { security, grantAsInternalUser } = securityWith(user);
    const result = await getApiKeyAndUserScope('t:type', request('Basic x'), security, 'team-a');
    expect(grantAsInternalUser).toHaveBeenCalledWith(expect.anything(), {
      name: 'TaskManager: t:type - ann',
      role_descriptors: {},
      metadata: { managed: true },
    });
    expect(result).toEqual({
      apiKey: encoded('granted', 'secret'),
      userScope: { apiKeyId: 'granted', spaceId: 'team-a', apiKeyCreatedByUser: false },
    });
  });

  it('reuses the API key a request was made with, marked as created by the user', async () => {
    const user = { username: 'ann', authentication_type: 'api_key' } as AuthenticatedUser;
    const { security, grantAsInternalUser } = securityWith(user);
    const result = await getApiKeyAndUserScope(
      't',
      request(`ApiKey ${encoded('own', 'k')}`),
      security,
      'default'
    );
    expect(grantAsInternalUser).not.toHaveBeenCalled();
    expect(result?.userScope).toEqual({
      apiKeyId: 'own',
      spaceId: 'default',
      apiKeyCreatedByUser: true,
    });
    expect(result?.apiKey).toBe(encoded('own', 'k'));
  });

  it('makes no key when Elasticsearch has no API keys (security off)', async () => {
    const { security } = securityWith(null, false);
    expect(
      await getApiKeyAndUserScope('t', request('Basic x'), security, 'default')
    ).toBeUndefined();
  });
});
