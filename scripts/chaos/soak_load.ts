// The soak's load: a burst that measures push's most tasks per second, then an open-loop
// scheduler at a fixed rate (one-shot tasks of a few ms, some failing once, a few recurring
// ones), and the wait until every one-shot task has completed.
import type { Client } from '@elastic/elasticsearch';
import {
  readRecords,
  scheduleTask,
  scheduleTasks,
  type ScheduleBody,
  type ScheduleTarget,
} from '../system/e2e_workload';
import { waitFor } from '../system/wait_for';
import { statusById } from './chaos_run';
import type { ChaosSystem } from './chaos_system';

/**
 * Waits until every id's tracking document is `completed` (or the deadline); returns each status.
 * Not merely final: between a failed attempt and its retry the tracking document says `failed`.
 */
export async function waitUntilCompleted(
  es: Client,
  index: string,
  ids: string[],
  timeoutMs: number
): Promise<Record<string, string>> {
  const statuses: Record<string, string> = {};
  let open = ids;
  await waitFor(
    async () => {
      Object.assign(statuses, await statusById(es, index, open));
      open = open.filter((id) => statuses[id] !== 'completed');
      return open.length === 0;
    },
    { timeoutMs, intervalMs: 1000, description: `${ids.length} tasks to complete` }
  ).catch(() => undefined);
  return statuses;
}

export interface Burst {
  ids: string[];
  /** from the first schedule request to the last end record, in s */
  seconds: number;
  /** tasks per second */
  rate: number;
}

/** Schedules `count` no-op tasks (0–10 ms) at once and times them until the last one ended. */
export async function measureMaxRate(
  es: Client,
  system: ChaosSystem,
  count: number
): Promise<Burst> {
  const ids = Array.from({ length: count }, (_, i) => `soak-burst-${i}`);
  const first = Date.now();
  await scheduleTasks(system.hosts, ids, (id) => ({ params: { ms: Number(id.slice(11)) % 11 } }));
  await waitUntilCompleted(es, system.indices.tracking, ids, 120_000);
  const wanted = new Set(ids);
  const ends = (await readRecords(es, system.indices.executions)).filter(
    (r) => r.event === 'end' && wanted.has(r.task_id)
  );
  if (ends.length === 0) throw new Error('the burst ran no task');
  const seconds = (Math.max(...ends.map((r) => r.at)) - first) / 1000;
  return { ids, seconds, rate: count / seconds };
}

export interface LoadOptions {
  hosts: ScheduleTarget[];
  /** tasks per second */
  rate: number;
  durationMs: number;
  /** every n-th one-shot task fails its first attempt (retried 30 s later). @defaultValue 50 */
  failEvery?: number;
  /** recurring tasks (every 10 s, the last one failing every other run). @defaultValue 4 */
  recurring?: number;
  /** requests in flight at most; beyond it the scheduler falls behind. @defaultValue 256 */
  maxInFlight?: number;
  /** called about every 10 s with the count scheduled so far */
  onProgress?: (scheduled: number, inFlight: number) => void;
}

export interface Load {
  /** one-shot tasks, in scheduling order */
  ids: string[];
  /** the one-shot ids that fail their first attempt */
  failing: string[];
  recurring: string[];
  /** epoch ms each id's request was sent */
  sentAt: Map<string, number>;
  scheduleErrors: string[];
  /** ids whose schedule request failed (no answer, or an error status) */
  failedIds: Set<string>;
  /** most requests in flight at once */
  maxInFlight: number;
  /** from the first request to the last answer, in ms */
  durationMs: number;
}

const TICK_MS = 20;

/** Schedules at a fixed rate for `durationMs`, never waiting for a task before the next. */
export async function runOpenLoop(options: LoadOptions): Promise<Load> {
  const { hosts, rate, durationMs, failEvery = 50, maxInFlight = 256 } = options;
  const load: Load = {
    ids: [],
    failing: [],
    recurring: [],
    sentAt: new Map(),
    scheduleErrors: [],
    failedIds: new Set(),
    maxInFlight: 0,
    durationMs: 0,
  };
  let inFlight = 0;
  const send = (id: string, body: ScheduleBody, host: ScheduleTarget) => {
    load.sentAt.set(id, Date.now());
    inFlight++;
    load.maxInFlight = Math.max(load.maxInFlight, inFlight);
    scheduleTask(host, id, body)
      .catch((error: unknown) => {
        load.failedIds.add(id);
        load.scheduleErrors.push(`${id}: ${(error as Error).message.slice(0, 300)}`);
      })
      .finally(() => inFlight--);
  };
  const started = Date.now();
  for (let i = 0; i < (options.recurring ?? 4); i++) {
    const id = `soak-recurring-${i}`;
    const failAttempts = i === (options.recurring ?? 4) - 1 ? 1 : 0;
    load.recurring.push(id);
    send(id, { params: { ms: 2, failAttempts }, schedule: { interval: '10s' } }, hosts[i % 2]);
  }
  let n = 0;
  let lastProgress = started;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const now = Date.now();
      const due = Math.min(
        Math.floor(((now - started) / 1000) * rate),
        Math.floor((durationMs / 1000) * rate)
      );
      while (n < due && inFlight < maxInFlight) {
        const id = `soak-${n}`;
        const failAttempts = n % failEvery === failEvery - 1 ? 1 : 0;
        load.ids.push(id);
        if (failAttempts > 0) load.failing.push(id);
        send(id, { params: { ms: 1 + (n % 5), failAttempts } }, hosts[n % hosts.length]);
        n++;
      }
      if (now - lastProgress >= 10_000) {
        lastProgress = now;
        options.onProgress?.(n, inFlight);
      }
      if (now - started >= durationMs) {
        clearInterval(timer);
        done();
      }
    }, TICK_MS);
  });
  await waitFor(() => inFlight === 0, {
    timeoutMs: 60_000,
    intervalMs: 100,
    description: 'the last schedule requests to answer',
  });
  load.durationMs = Date.now() - started;
  return load;
}
