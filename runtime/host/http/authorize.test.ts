import { Authorizer, missingPrivileges } from './authorize';

const route = { authz: { requiredPrivileges: ['read', { anyRequired: ['a', 'b'] }] } };

describe('missingPrivileges', () => {
  it('requires plain privileges and all of allRequired, and one of anyRequired', () => {
    const held = new Set(['read', 'x']);
    expect(missingPrivileges(['read', { allRequired: ['x', 'y'] }], held)).toEqual(['y']);
    expect(missingPrivileges([{ anyRequired: ['a', 'x'] }], held)).toEqual([]);
    expect(missingPrivileges([{ anyRequired: ['a', 'b'] }], held)).toEqual(['one of a|b']);
  });
});

describe('Authorizer', () => {
  const authorizer = new Authorizer([
    { authorization: 'Bearer good', privileges: ['read', 'b'] },
    { authorization: 'Bearer weak', privileges: ['read'] },
  ]);

  it('grants everything when no credentials are configured', () => {
    expect(new Authorizer(undefined).authorize(route, {}, 'r')).toEqual({
      ok: true,
      isAuthenticated: false,
    });
  });

  it('answers 401, 403 or ok', () => {
    expect(authorizer.authorize(route, {}, 'r')).toMatchObject({ ok: false, status: 401 });
    expect(authorizer.authorize(route, { authorization: 'Bearer weak' }, 'r')).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(authorizer.authorize(route, { authorization: 'Bearer good' }, 'r')).toEqual({
      ok: true,
      isAuthenticated: true,
    });
  });

  it('skips authentication on routes that disable it', () => {
    const open = {
      authz: { enabled: false as const, reason: 'x' },
      authc: { enabled: false as const, reason: 'x' },
    };
    expect(authorizer.authorize(open, {}, 'r')).toEqual({ ok: true, isAuthenticated: false });
  });
});
