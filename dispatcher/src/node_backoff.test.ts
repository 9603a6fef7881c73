import { NodeBackoff } from './node_backoff';

describe('NodeBackoff', () => {
  const backoff = () => new NodeBackoff({ initialMs: 100, maxMs: 1000, random: () => 0.999999 });

  it('opens on a failure, for longer on each consecutive failure, and closes on success', () => {
    const b = backoff();
    expect(b.isBackedOff('a', 0)).toBe(false);
    expect(b.failure('a', 0)).toBe(100);
    expect(b.isBackedOff('a', 99)).toBe(true);
    expect(b.isBackedOff('a', 100)).toBe(false);
    expect(b.failure('a', 100)).toBe(200);
    expect(b.failure('a', 300)).toBe(400);
    b.success('a');
    expect(b.isBackedOff('a', 301)).toBe(false);
    expect(b.failure('a', 400)).toBe(100);
  });

  it('counts the failures of pushes sent before the last failure as one', () => {
    const b = backoff();
    expect(b.failure('a', 10, 0, 0)).toBe(100);
    // sent together with the first, answered later: the same episode
    expect(b.failure('a', 20, 0, 0)).toBe(90);
    expect(b.failure('a', 30, 0, 5)).toBe(80);
    expect(b.failure('a', 40, 500, 5)).toBe(500); // its Retry-After still holds
    // sent after the first failure was recorded: a new failure, backed off for longer
    expect(b.failure('a', 600, 0, 550)).toBe(200);
  });

  it('honours a Retry-After longer than its own delay', () => {
    expect(backoff().failure('a', 0, 5000)).toBe(5000);
  });

  it('backs off one node only', () => {
    const b = backoff();
    b.failure('a', 0);
    expect(b.isBackedOff('b', 1)).toBe(false);
    expect(Object.keys(b.snapshot(1))).toEqual(['a']);
  });
});
