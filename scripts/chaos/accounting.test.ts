import type { RunRecord } from '../system/e2e_workload';
import { account } from './accounting';

const run = (
  task_id: string,
  node: string,
  start: number,
  end?: number,
  attempts = 1
): RunRecord[] => [
  { task_id, node, attempts, event: 'start', at: start },
  ...(end === undefined ? [] : [{ task_id, node, attempts, event: 'end' as const, at: end }]),
];
const completed = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, 'completed']));

describe('account', () => {
  it('counts a clean run of every task as completed with no problem', () => {
    const result = account({
      ids: ['a', 'b'],
      records: [...run('a', 'n1', 0, 10), ...run('b', 'n2', 5, 15)],
      statuses: completed('a', 'b'),
    });
    expect(result).toMatchObject({
      scheduled: 2,
      completed: 2,
      lost: 0,
      ranTwice: 0,
      reRunAfterKill: 0,
      concurrent: 0,
      stuck: 0,
    });
  });

  it('counts a task without an end record as lost, and its open tracking document as stuck', () => {
    const result = account({
      ids: ['a', 'b', 'c'],
      records: [...run('a', 'n1', 0, 10), ...run('b', 'n1', 0)],
      statuses: { a: 'completed', b: 'in_progress' },
    });
    expect(result).toMatchObject({ completed: 1, lost: 2, stuck: 2 });
    expect(result.examples.lost).toEqual(['b', 'c']);
    expect(result.examples.stuck).toEqual(['b', 'c']);
  });

  it('counts two completed runs, one after the other, as ran twice but not concurrent', () => {
    const result = account({
      ids: ['a'],
      records: [...run('a', 'n1', 0, 10), ...run('a', 'n2', 20, 30, 2)],
      statuses: completed('a'),
    });
    expect(result).toMatchObject({ completed: 0, ranTwice: 1, concurrent: 0 });
  });

  it('counts overlapping runs of one task as concurrent, an unended run on a live host staying open', () => {
    const result = account({
      ids: ['a', 'b'],
      records: [
        ...run('a', 'n1', 0, 10),
        ...run('a', 'n2', 5, 15, 2),
        ...run('b', 'n1', 0),
        ...run('b', 'n2', 100, 110, 2),
      ],
      statuses: completed('a', 'b'),
    });
    expect(result).toMatchObject({ ranTwice: 1, concurrent: 2 });
    expect(result.examples.concurrent).toEqual(['a', 'b']);
  });

  it('counts a run cut off by a host kill and completed elsewhere as re-run after kill, not twice', () => {
    const result = account({
      ids: ['a', 'b'],
      records: [...run('a', 'dead', 0), ...run('a', 'n2', 50, 60, 2), ...run('b', 'n2', 0, 10)],
      statuses: completed('a', 'b'),
      kills: [{ node: 'dead', at: 20 }],
    });
    expect(result).toMatchObject({ completed: 2, ranTwice: 0, reRunAfterKill: 1, concurrent: 0 });
  });

  it('counts a re-run that starts before the kill cut the first run off as concurrent', () => {
    const result = account({
      ids: ['a'],
      records: [...run('a', 'dead', 0), ...run('a', 'n2', 10, 60, 2)],
      statuses: completed('a'),
      kills: [{ node: 'dead', at: 20 }],
    });
    expect(result).toMatchObject({ reRunAfterKill: 1, concurrent: 1 });
  });

  it('pairs an end with the start of the same node and attempt', () => {
    // n1's attempt 1 never ended; n2's attempt 2 did: the open run overlaps it.
    const result = account({
      ids: ['a'],
      records: [...run('a', 'n1', 0), ...run('a', 'n2', 5, 15, 2)],
      statuses: completed('a'),
    });
    expect(result).toMatchObject({ completed: 1, concurrent: 1 });
  });
});
