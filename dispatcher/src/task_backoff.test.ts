import { TaskBackoff } from './task_backoff';

describe('TaskBackoff', () => {
  const backoff = () => new TaskBackoff({ initialMs: 1000, maxMs: 4000, random: () => 0.9999999 });

  it('remembers the nodes that refused a task, without backing it off: another node may take it', () => {
    const tasks = backoff();
    tasks.refused('t1', 'a', 0);
    expect(tasks.isBackedOff('t1', 0)).toBe(false);
    expect(tasks.backedOff(0)).toEqual([]);
    tasks.refused('t1', 'b', 10);
    expect([...tasks.refusedBy('t1')]).toEqual(['a', 'b']);
    expect(tasks.refusedBy('t2').size).toBe(0);
    // Read again by the release, not by takeDue (the claim may not be released yet).
    expect(tasks.takeDue(10)).toEqual([]);
    expect(tasks.msUntilNextDue(10)).toBe(Infinity);
    tasks.accepted('t1');
    expect(tasks.refusedBy('t1').size).toBe(0);
  });

  it('backs off only a task that only refusing nodes can take, once per refusal, longer each time, up to the maximum', () => {
    const tasks = backoff();
    expect(tasks.backOff('t1', 0)).toBe(0); // never refused
    tasks.refused('t1', 'a', 0);
    expect(tasks.backOff('t1', 0)).toBe(1000);
    expect(tasks.isBackedOff('t1', 999)).toBe(true);
    expect(tasks.isBackedOff('t2', 999)).toBe(false);
    expect(tasks.isBackedOff('t1', 1000)).toBe(false);
    // It waited: now it goes back to the node that refused it.
    expect(tasks.backOff('t1', 1000)).toBe(0);
    tasks.refused('t1', 'a', 1000);
    expect(tasks.backOff('t1', 1000)).toBe(2000);
    tasks.refused('t1', 'a', 3000);
    expect(tasks.backOff('t1', 3000)).toBe(4000);
    tasks.refused('t1', 'a', 7000);
    expect(tasks.backOff('t1', 7000)).toBe(4000);
    tasks.accepted('t1');
    tasks.refused('t1', 'a', 20_000);
    expect(tasks.backOff('t1', 20_000)).toBe(1000);
  });

  it('hands each task back once when its back-off ends, and says when the next one does', () => {
    const tasks = backoff();
    expect(tasks.msUntilNextDue(0)).toBe(Infinity);
    tasks.refused('t1', 'a', 0);
    tasks.backOff('t1', 0);
    tasks.refused('t2', 'a', 500);
    tasks.backOff('t2', 500);
    expect(tasks.msUntilNextDue(100)).toBe(900);
    expect(tasks.takeDue(999)).toEqual([]);
    expect(tasks.takeDue(1000)).toEqual(['t1']);
    expect(tasks.takeDue(1200)).toEqual([]);
    expect(tasks.msUntilNextDue(1200)).toBe(300);
    expect(tasks.takeDue(1500)).toEqual(['t2']);
    expect(tasks.msUntilNextDue(1500)).toBe(Infinity);
  });

  it('forgets a refusal a minute after its back-off ended, or after it came when not backed off', () => {
    const tasks = backoff();
    tasks.refused('t1', 'a', 0);
    tasks.backOff('t1', 0);
    tasks.refused('t2', 'a', 0);
    tasks.takeDue(61_000);
    expect(tasks.refusedBy('t1').size).toBe(0);
    expect(tasks.refusedBy('t2').size).toBe(0);
    tasks.refused('t1', 'a', 61_000);
    expect(tasks.backOff('t1', 61_000)).toBe(1000);
  });
});
