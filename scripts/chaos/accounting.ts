// Exactly-once accounting of a chaos run, from the recorder's start/end records and the tracking
// statuses after recovery: lost, ran twice, re-run after a kill, ran concurrently, stuck.
import type { RunRecord } from '../system/e2e_workload';

/** Tracking statuses a task may rest in; any other one after the recovery deadline is stuck. */
export const FINAL_STATUSES = ['completed', 'failed', 'cancelled', 'acknowledged'];

export interface AccountingInput {
  /** the one-shot tasks scheduled */
  ids: string[];
  records: RunRecord[];
  /** tracking status per id after the recovery deadline (`missing` when there is no document) */
  statuses: Record<string, string>;
  /** hosts killed (their unfinished runs end at the kill) */
  kills?: Array<{ node: string; at: number }>;
}

export interface Accounting {
  scheduled: number;
  /** tasks with exactly one completed run (one end record) */
  completed: number;
  /** scheduled, never completed (no end record) */
  lost: number;
  /** more than one completed run */
  ranTwice: number;
  /** ran again after its run was cut off by a host kill, and completed once */
  reRunAfterKill: number;
  /** two runs whose start–end intervals overlap (a run never ended on a live host stays open) */
  concurrent: number;
  /** tracking document not final after the recovery deadline */
  stuck: number;
  /** a few ids per problem, to look at */
  examples: Record<'lost' | 'ranTwice' | 'concurrent' | 'stuck', string[]>;
}

interface Run {
  node: string;
  start: number;
  end: number;
  ended: boolean;
}

const EXAMPLES = 5;

/** The runs of each task: a start paired with the end of the same node and attempt. */
function runsPerTask(records: RunRecord[], kills: Map<string, number>): Map<string, Run[]> {
  const byTask = new Map<string, RunRecord[]>();
  for (const record of records)
    byTask.set(record.task_id, [...(byTask.get(record.task_id) ?? []), record]);
  const runs = new Map<string, Run[]>();
  for (const [id, list] of byTask) {
    const ends = list.filter((r) => r.event === 'end');
    runs.set(
      id,
      list
        .filter((r) => r.event === 'start')
        .map((start) => {
          const i = ends.findIndex(
            (e) => e.node === start.node && e.attempts === start.attempts && e.at >= start.at
          );
          if (i >= 0)
            return { node: start.node, start: start.at, end: ends.splice(i, 1)[0].at, ended: true };
          const killedAt = kills.get(start.node);
          const end = killedAt !== undefined && killedAt >= start.at ? killedAt : Infinity;
          return { node: start.node, start: start.at, end, ended: false };
        })
    );
  }
  return runs;
}

export function account({ ids, records, statuses, kills = [] }: AccountingInput): Accounting {
  const killedAt = new Map(kills.map((k) => [k.node, k.at]));
  const runs = runsPerTask(records, killedAt);
  const endsPerTask = new Map<string, number>();
  for (const r of records)
    if (r.event === 'end') endsPerTask.set(r.task_id, (endsPerTask.get(r.task_id) ?? 0) + 1);

  const examples: Accounting['examples'] = { lost: [], ranTwice: [], concurrent: [], stuck: [] };
  const counts = { completed: 0, lost: 0, ranTwice: 0, reRunAfterKill: 0, concurrent: 0, stuck: 0 };
  const note = (kind: keyof Accounting['examples'], id: string) => {
    counts[kind]++;
    if (examples[kind].length < EXAMPLES) examples[kind].push(id);
  };
  for (const id of ids) {
    const ends = endsPerTask.get(id) ?? 0;
    const taskRuns = (runs.get(id) ?? []).sort((a, b) => a.start - b.start);
    if (ends === 0) note('lost', id);
    else if (ends > 1) note('ranTwice', id);
    else {
      counts.completed++;
      const cutOff = taskRuns.filter((r) => !r.ended && killedAt.has(r.node) && r.end !== Infinity);
      if (cutOff.length > 0 && taskRuns.length > 1) counts.reRunAfterKill++;
    }
    if (
      taskRuns.some(
        (run, i) => i > 0 && taskRuns.slice(0, i).some((before) => before.end > run.start)
      )
    )
      note('concurrent', id);
    if (!FINAL_STATUSES.includes(statuses[id] ?? 'missing')) note('stuck', id);
  }
  return { scheduled: ids.length, ...counts, examples };
}
