import { PUSH_TOKEN_HEADER } from '../../common/push/push_protocol';
import { authenticatePush } from './authenticate_push';

const TOKEN = 'the-configured-push-token';

describe('authenticatePush', () => {
  it('accepts the configured token in its header, whatever Authorization holds', () => {
    expect(authenticatePush({ [PUSH_TOKEN_HEADER]: TOKEN }, TOKEN)).toEqual({ ok: true });
    expect(
      authenticatePush({ [PUSH_TOKEN_HEADER]: TOKEN, authorization: 'ApiKey abc' }, TOKEN)
    ).toEqual({ ok: true });
  });

  it('is 401 without a token in its header, naming the header', () => {
    for (const headers of [
      {},
      { [PUSH_TOKEN_HEADER]: ' ' },
      // the token in Authorization is not taken: that header is Kibana security's
      { authorization: `Bearer ${TOKEN}` },
    ]) {
      expect(authenticatePush(headers, TOKEN)).toEqual({
        ok: false,
        status: 401,
        message: `A push needs the dispatcher's push token in the ${PUSH_TOKEN_HEADER} header`,
      });
    }
  });

  it('is 403 for a wrong token of any length, and never echoes either token', () => {
    for (const sent of ['x', `${TOKEN}x`, TOKEN.toUpperCase()]) {
      const result = authenticatePush({ [PUSH_TOKEN_HEADER]: sent }, TOKEN);
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(JSON.stringify(result)).not.toContain(sent);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    }
  });
});
