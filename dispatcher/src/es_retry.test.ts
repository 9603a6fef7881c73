import { errors } from '@elastic/elasticsearch';
import { backoffDelay, esRetry } from './es_retry';
import { createLogger } from './logger';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1000 };

  it('doubles per attempt up to the maximum, with jitter between half and all of it', () => {
    expect(
      [1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, { ...options, random: () => 0.999999 }))
    ).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...options, random: () => 0 }))).toEqual([
      50, 100, 200, 400, 500,
    ]);
  });

  it('never overflows on a long outage', () => {
    expect(backoffDelay(10_000, { ...options, random: () => 0.5 })).toBe(750);
  });
});

describe('esRetry', () => {
  const logger = createLogger('silent');
  const connectionError = () => new errors.ConnectionError('connect ECONNREFUSED');

  it('retries infrastructure errors, then succeeds', async () => {
    let calls = 0;
    const result = await esRetry(
      async () => {
        if (++calls < 3) throw connectionError();
        return 'ok';
      },
      { attempts: 5, initialMs: 1, maxMs: 2, logger, operation: 'test' }
    );
    expect([result, calls]).toEqual(['ok', 3]);
  });

  it('gives up after its attempts', async () => {
    let calls = 0;
    await expect(
      esRetry(
        async () => {
          calls++;
          throw connectionError();
        },
        { attempts: 3, initialMs: 1, maxMs: 2, logger, operation: 'test' }
      )
    ).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBe(3);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      esRetry(
        async () => {
          calls++;
          throw new Error('bad query');
        },
        { attempts: 3, initialMs: 1, maxMs: 2, logger, operation: 'test' }
      )
    ).rejects.toThrow('bad query');
    expect(calls).toBe(1);
  });
});
