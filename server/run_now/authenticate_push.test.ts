import { authenticatePush } from './authenticate_push';

const TOKEN = 'the-configured-push-token';

describe('authenticatePush', () => {
  it('accepts the configured bearer token', () => {
    expect(authenticatePush({ authorization: `Bearer ${TOKEN}` }, TOKEN)).toEqual({ ok: true });
  });

  it('is 401 without a bearer token', () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer ' }]) {
      expect(authenticatePush(headers, TOKEN)).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('is 403 for a wrong token of any length, and never echoes either token', () => {
    for (const sent of ['x', `${TOKEN}x`, TOKEN.toUpperCase()]) {
      const result = authenticatePush({ authorization: `Bearer ${sent}` }, TOKEN);
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(JSON.stringify(result)).not.toContain(sent);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    }
  });
});
