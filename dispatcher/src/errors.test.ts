import { errors } from '@elastic/elasticsearch';
import { isElasticsearchFailure } from './errors';

function responseError(statusCode: number) {
  return new errors.ResponseError({
    body: {},
    statusCode,
    headers: {},
    warnings: null,
    meta: {} as never,
  });
}

describe('isElasticsearchFailure', () => {
  it('counts requests that got no answer, 5xx and 429', () => {
    expect(isElasticsearchFailure(new errors.ConnectionError('refused'))).toBe(true);
    expect(isElasticsearchFailure(new errors.TimeoutError('slow'))).toBe(true);
    expect(isElasticsearchFailure(new errors.NoLivingConnectionsError('none', {} as never))).toBe(
      true
    );
    expect(isElasticsearchFailure(responseError(503))).toBe(true);
    expect(isElasticsearchFailure(responseError(429))).toBe(true);
  });

  it('never counts a success or the answers fenced writes and reads expect', () => {
    expect(isElasticsearchFailure(null)).toBe(false);
    expect(isElasticsearchFailure(responseError(409))).toBe(false);
    expect(isElasticsearchFailure(responseError(404))).toBe(false);
  });
});
