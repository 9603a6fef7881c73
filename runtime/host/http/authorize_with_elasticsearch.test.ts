import type { AuthenticatedUser } from '@kbn/core/server';
import type { ElasticsearchSecurity } from '../security/elasticsearch_security';
import { ElasticsearchAuthorizer } from './authorize_with_elasticsearch';

const user = { username: 'ann', authentication_type: 'realm' } as AuthenticatedUser;

/** Elasticsearch's answers: `Basic ann` is ann, holding `held` in space `team-a` only. */
function securityHolding(held: string[]) {
  const asked: Array<{ space: string; privileges: string[] }> = [];
  const security = {
    authenticate: async (authorization: string) => (authorization === 'Basic ann' ? user : null),
    missingPrivileges: async (_authorization: string, space: string, privileges: string[]) => {
      asked.push({ space, privileges });
      return new Set(privileges.filter((p) => space !== 'team-a' || !held.includes(p)));
    },
  } as unknown as ElasticsearchSecurity;
  return { authorizer: new ElasticsearchAuthorizer(security), asked };
}

const route = { authz: { requiredPrivileges: ['read', { anyRequired: ['a', 'b'] }] } };
const auth = (authorization?: string) => (authorization ? { authorization } : {});

describe('ElasticsearchAuthorizer', () => {
  it('answers 401 without credentials, and for credentials Elasticsearch refuses', async () => {
    const { authorizer } = securityHolding([]);
    expect(await authorizer.authorize(route, auth(), '[GET /x]', 'team-a')).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      await authorizer.authorize(route, auth('Basic bob'), '[GET /x]', 'team-a')
    ).toMatchObject({ ok: false, status: 401 });
  });

  it('asks for every named privilege in the request space and grants when each requirement holds', async () => {
    const { authorizer, asked } = securityHolding(['read', 'b']);
    expect(await authorizer.authorize(route, auth('Basic ann'), '[GET /x]', 'team-a')).toEqual({
      ok: true,
      isAuthenticated: true,
      user,
    });
    expect(asked).toEqual([{ space: 'team-a', privileges: ['read', 'a', 'b'] }]);
  });

  it('answers 403 naming the unmet requirements, per space', async () => {
    const { authorizer } = securityHolding(['read']);
    const refused = await authorizer.authorize(route, auth('Basic ann'), '[GET /x]', 'team-a');
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect((refused as { message: string }).message).toContain('[one of a|b]');
    const elsewhere = await authorizer.authorize(route, auth('Basic ann'), '[GET /x]', 'default');
    expect((elsewhere as { message: string }).message).toContain('[read, one of a|b]');
  });

  it('lets a route without authc through unauthenticated', async () => {
    const { authorizer } = securityHolding([]);
    const open = {
      authc: { enabled: false as const, reason: 'public' },
      authz: { enabled: false as const, reason: 'public' },
    };
    expect(await authorizer.authorize(open, auth(), '[GET /x]', 'default')).toEqual({
      ok: true,
      isAuthenticated: false,
    });
  });
});
