import { PUSH_TOKEN_HEADER } from './push_protocol';
import { authenticatePush } from './authenticate_push';

const TOKEN = 'the-configured-push-token';

describe('authenticatePush', () => {
  it('accepts the configured token as a bearer token', () => {
    expect(authenticatePush({ authorization: `Bearer ${TOKEN}` }, TOKEN)).toEqual({ ok: true });
  });

  it('accepts it in its own header beside the API key Kibana security authenticates', () => {
    expect(
      authenticatePush({ [PUSH_TOKEN_HEADER]: TOKEN, authorization: 'ApiKey abc' }, TOKEN)
    ).toEqual({ ok: true });
  });

  it('is 401 without a token, naming where it goes', () => {
    for (const headers of [
      {},
      { authorization: 'Basic abc' },
      { authorization: 'Bearer ' },
      { authorization: 'ApiKey abc' },
      { [PUSH_TOKEN_HEADER]: ' ' },
    ]) {
      expect(authenticatePush(headers, TOKEN)).toEqual({
        ok: false,
        status: 401,
        message: `A push needs the dispatcher's push token (Authorization: Bearer, or ${PUSH_TOKEN_HEADER})`,
      });
    }
  });

  it('is 403 for a wrong token of any length, either way sent, and never echoes either token', () => {
    for (const sent of ['x', `${TOKEN}x`, TOKEN.toUpperCase()]) {
      for (const headers of [
        { authorization: `Bearer ${sent}` },
        { [PUSH_TOKEN_HEADER]: sent, authorization: 'ApiKey abc' },
        // the header wins: a right bearer token does not rescue a wrong header
        { [PUSH_TOKEN_HEADER]: sent, authorization: `Bearer ${TOKEN}` },
      ]) {
        const result = authenticatePush(headers, TOKEN);
        expect(result).toMatchObject({ ok: false, status: 403 });
        expect(JSON.stringify(result)).not.toContain(sent);
        expect(JSON.stringify(result)).not.toContain(TOKEN);
      }
    }
  });
});

describe('authenticatePush for the dispatcher notify', () => {
  it('accepts the token and names the notify when it is missing or wrong', () => {
    expect(authenticatePush({ authorization: `Bearer ${TOKEN}` }, TOKEN, 'notify')).toEqual({
      ok: true,
    });
    expect(authenticatePush({}, TOKEN, 'notify')).toEqual({
      ok: false,
      status: 401,
      message: `A notify needs the nodes' push token (Authorization: Bearer, or ${PUSH_TOKEN_HEADER})`,
    });
    const wrong = authenticatePush({ authorization: 'Bearer nope' }, TOKEN, 'notify');
    expect(wrong).toEqual({
      ok: false,
      status: 403,
      message: 'The push token is not valid on this dispatcher',
    });
  });
});
