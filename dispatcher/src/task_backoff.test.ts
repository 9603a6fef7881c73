import { TaskBackoff } from './task_backoff';

describe('TaskBackoff', () => {
  const backoff = () => new TaskBackoff({ initialMs: 1000, maxMs: 4000, random: () => 0.9999999 });

  it('backs off only the refused task, longer each time, up to the maximum', () => {
    const tasks = backoff();
    expect(tasks.refused('t1', 0)).toBe(1000);
    expect(tasks.isBackedOff('t1', 999)).toBe(true);
    expect(tasks.isBackedOff('t2', 999)).toBe(false);
    expect(tasks.isBackedOff('t1', 1000)).toBe(false);
    expect(tasks.refused('t1', 1000)).toBe(2000);
    expect(tasks.refused('t1', 3000)).toBe(4000);
    expect(tasks.refused('t1', 7000)).toBe(4000);
    tasks.accepted('t1');
    expect(tasks.refused('t1', 20_000)).toBe(1000);
  });

  it('hands each task back once when its back-off ends, and says when the next one does', () => {
    const tasks = backoff();
    expect(tasks.msUntilNextDue(0)).toBe(Infinity);
    tasks.refused('t1', 0);
    tasks.refused('t2', 500);
    expect(tasks.msUntilNextDue(100)).toBe(900);
    expect(tasks.takeDue(999)).toEqual([]);
    expect(tasks.takeDue(1000)).toEqual(['t1']);
    expect(tasks.takeDue(1200)).toEqual([]);
    expect(tasks.msUntilNextDue(1200)).toBe(300);
    expect(tasks.takeDue(1500)).toEqual(['t2']);
    expect(tasks.msUntilNextDue(1500)).toBe(Infinity);
  });

  it('forgets a refusal a minute after its back-off ended', () => {
    const tasks = backoff();
    tasks.refused('t1', 0);
    tasks.takeDue(61_000);
    expect(tasks.refused('t1', 61_000)).toBe(1000);
  });
});
