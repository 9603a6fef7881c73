import { CapacityTracker } from './capacity_tracker';

describe('CapacityTracker', () => {
  it('admits by cost until the capacity is used, and frees on release', () => {
    const tracker = new CapacityTracker(4);
    expect(tracker.admit({ id: 'a', type: 't', cost: 2 })).toBeUndefined();
    expect(tracker.admit({ id: 'b', type: 't', cost: 2 })).toBeUndefined();
    expect(tracker.admit({ id: 'c', type: 't', cost: 1 })).toBe('full');
    tracker.release('a');
    expect(tracker.used).toBe(2);
    expect(tracker.admit({ id: 'c', type: 't', cost: 1 })).toBeUndefined();
  });

  it('refuses the same task twice, and a type over its max concurrency', () => {
    const tracker = new CapacityTracker(100);
    expect(tracker.admit({ id: 'a', type: 't', cost: 1, maxConcurrency: 1 })).toBeUndefined();
    expect(tracker.admit({ id: 'a', type: 't', cost: 1 })).toBe('already_running');
    expect(tracker.admit({ id: 'b', type: 't', cost: 1, maxConcurrency: 1 })).toBe('type_full');
    expect(tracker.admit({ id: 'c', type: 'other', cost: 1, maxConcurrency: 1 })).toBeUndefined();
  });
});
