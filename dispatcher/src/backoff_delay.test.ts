import { backoffDelay } from './backoff_delay';

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
