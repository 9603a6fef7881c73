// What the scenarios do to a system: seed due tasks in bulk, schedule open-loop, wait for runs.
import type { Client } from '@elastic/elasticsearch';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  readRecords,
  scheduleTask,
  type RunRecord,
  type ScheduleBody,
} from '../../scripts/system/e2e_workload';
import { waitFor } from '../../scripts/system/wait_for';
import type { BenchSystem } from './systems';

const TEMPLATE_ID = 'bench-seed-template-7f3a9c';
const FAR_FUTURE = '2099-01-01T00:00:00.000Z';

/**
 * Makes `ids` due tasks of `ms` each without the schedule route: one task is scheduled through
 * the route for 2099, its task and tracking documents are read back and cloned for every id
 * (its id and run time replaced), bulk-indexed 1,000 at a time, and the template removed. The
 * documents are exactly what scheduling writes; the dispatcher or the pollers find them by search.
 */
export async function seedDueTasks(
  es: Client,
  system: BenchSystem,
  ids: string[],
  ms: number,
  /** when they are due; they are made searchable before it. @defaultValue now */
  dueAt?: Date
): Promise<void> {
  await scheduleTask(system.nodes[0], TEMPLATE_ID, {
    params: { ms, recordEnd: false },
    runAt: FAR_FUTURE,
  });
  const { tasks, tracking } = system.indices;
  const taskDoc = await es.get({ index: tasks, id: `task:${TEMPLATE_ID}`, realtime: true });
  const trackingDoc = await es.get({ index: tracking, id: TEMPLATE_ID, realtime: true });
  const taskText = JSON.stringify(taskDoc._source);
  const trackingText = JSON.stringify(trackingDoc._source);
  const now = (dueAt ?? new Date()).toISOString();
  const clone = (text: string, id: string) =>
    JSON.parse(text.split(TEMPLATE_ID).join(id).split(FAR_FUTURE).join(now)) as object;
  for (let i = 0; i < ids.length; i += 1000) {
    const operations = ids
      .slice(i, i + 1000)
      .flatMap((id) => [
        { index: { _index: tracking, _id: id } },
        clone(trackingText, id),
        { index: { _index: tasks, _id: `task:${id}` } },
        clone(taskText, id),
      ]);
    const response = await es.bulk({ operations });
    if (response.errors) throw new Error(`seeding failed: ${JSON.stringify(response.items[0])}`);
  }
  await es.delete({ index: tasks, id: `task:${TEMPLATE_ID}` });
  await es.delete({ index: tracking, id: TEMPLATE_ID });
  if (dueAt) await es.indices.refresh({ index: [tasks, tracking] });
}

/**
 * Waits until `check` counts at least `count`; a refused query (a 4xx) fails at once instead of
 * being retried until the deadline as waitFor retries errors.
 */
async function waitForCount(
  check: () => Promise<{ count: number }>,
  count: number,
  timeoutMs: number,
  description: string
): Promise<void> {
  let refused: unknown;
  await waitFor(
    async () => {
      try {
        return (await check()).count >= count;
      } catch (error) {
        const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode ?? 0;
        if (status < 400 || status >= 500) throw error;
        refused = error;
        return true;
      }
    },
    { timeoutMs, intervalMs: 250, description }
  );
  if (refused) throw refused;
}

/** Waits until `count` records of `event` exist for ids starting with `prefix`. */
export async function waitForRecords(
  es: Client,
  system: BenchSystem,
  prefix: string,
  count: number,
  event: 'start' | 'end',
  timeoutMs: number
): Promise<void> {
  const index = system.indices.executions;
  await waitForCount(
    async () => {
      await es.indices.refresh({ index });
      return es.count({
        index,
        query: { bool: { filter: [{ term: { event } }, { prefix: { task_id: prefix } }] } },
      });
    },
    count,
    timeoutMs,
    `${count} ${event} records of ${prefix}*`
  );
}

/** Waits until the system's tracking index shows `count` completed tasks with ids of `prefix`. */
export async function waitForCompletedCount(
  es: Client,
  system: BenchSystem,
  prefix: string,
  count: number,
  timeoutMs: number
): Promise<void> {
  await waitForCount(
    () =>
      es.count({
        index: system.indices.tracking,
        query: {
          bool: { filter: [{ term: { status: 'completed' } }, { prefix: { id: prefix } }] },
        },
      }),
    count,
    timeoutMs,
    `${count} completed tasks of ${prefix}*`
  );
}

/** The run records of ids starting with `prefix`. */
export async function recordsOf(
  es: Client,
  system: BenchSystem,
  prefix: string
): Promise<RunRecord[]> {
  return (await readRecords(es, system.indices.executions)).filter((r) =>
    r.task_id.startsWith(prefix)
  );
}

export interface OpenLoopResult {
  /** epoch ms each schedule request was sent (on the open-loop timetable) */
  sentAt: Map<string, number>;
  /** ms each schedule request took to answer */
  scheduleMs: Map<string, number>;
}

/**
 * Schedules `ids` at `ratePerS`, each at its own time on a fixed timetable whether or not earlier
 * requests have answered (an open loop: a slow system meets the same arrivals), round-robin
 * over the hosts.
 */
export async function scheduleOpenLoop(
  system: BenchSystem,
  ids: string[],
  ratePerS: number,
  body: ScheduleBody
): Promise<OpenLoopResult> {
  const sentAt = new Map<string, number>();
  const scheduleMs = new Map<string, number>();
  const start = Date.now();
  const pending: Array<Promise<void>> = [];
  for (const [i, id] of ids.entries()) {
    const due = start + (i * 1000) / ratePerS;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const sent = Date.now();
    sentAt.set(id, sent);
    pending.push(
      scheduleTask(system.nodes[i % system.nodes.length], id, body).then(() => {
        scheduleMs.set(id, Date.now() - sent);
      })
    );
  }
  await Promise.all(pending);
  return { sentAt, scheduleMs };
}
