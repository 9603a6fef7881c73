import { isTransientEsError, isVersionConflict } from './es_errors';

describe('isTransientEsError', () => {
  it.each([
    [
      'a connection error (status code 0, as the client throws it)',
      { name: 'ConnectionError', meta: { statusCode: 0 } },
    ],
    ['a timeout', { name: 'TimeoutError' }],
    ['no living connections', { name: 'NoLivingConnectionsError' }],
    ['a 503', { meta: { statusCode: 503 } }],
    ['a 429', { meta: { statusCode: 429 } }],
  ])('is true for %s', (_what, error) => {
    expect(isTransientEsError(error)).toBe(true);
  });

  it.each([
    ['a 400', { meta: { statusCode: 400 } }],
    ['a version conflict', { meta: { statusCode: 409 } }],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
  ])('is false for %s', (_what, error) => {
    expect(isTransientEsError(error)).toBe(false);
  });

  it('tells a version conflict apart', () => {
    expect(isVersionConflict({ meta: { statusCode: 409 } })).toBe(true);
  });
});
