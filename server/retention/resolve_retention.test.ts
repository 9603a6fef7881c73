import { configSchema } from '../config';
import { resolveRetention } from './resolve_retention';

const DAY = 24 * 3_600_000;
const node = configSchema.validate({}).retention;

describe('resolveRetention', () => {
  it('takes the node settings for every status the type leaves out', () => {
    expect(resolveRetention(node)).toEqual({
      completed: 30 * DAY,
      acknowledged: 7 * DAY,
      canceled: 7 * DAY,
      failed: 30 * DAY,
    });
  });

  it("lets a type override one status and keeps the node's for the others", () => {
    const policy = resolveRetention(
      { ...node, failed: '2d' },
      { completed: '90d', canceled: '1h' }
    );
    expect(policy).toEqual({
      completed: 90 * DAY,
      acknowledged: 7 * DAY,
      canceled: 3_600_000,
      failed: 2 * DAY,
    });
  });

  it('refuses a value that is not a duration, naming the key', () => {
    expect(() => resolveRetention(node, { completed: '3 weeks' })).toThrow(
      /\[retention\.completed\]: must be a duration/
    );
  });
});

describe('retention settings', () => {
  it('refuse a bad duration at start, naming the key', () => {
    expect(() => configSchema.validate({ retention: { failed: '10' } })).toThrow(
      /\[retention\.failed\]/
    );
    expect(configSchema.validate({ retention: { failed: '12h' } }).retention.failed).toBe('12h');
  });
});
