// The two measures, run on a started system: start latency when idle, and throughput of a burst.
import type { Client } from '@elastic/elasticsearch';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '../../scripts/system/wait_for';
import {
  countBy,
  readRecords,
  scheduleTask,
  scheduleTasks,
  startsPerTask,
  waitForCompleted,
} from '../../scripts/system/e2e_workload';
import { LOW_UTILIZATION_POLL_INTERVAL } from '../../runtime/task_manager/server/polling/poll_interval';
import type { BenchSystem, Mode } from './systems';

/** The dispatcher's default `poll.interval_ms`: its safety net when a notify is missed. */
const DISPATCHER_POLL_INTERVAL_MS = 1000;

/**
 * Each latency task is scheduled after a random pause of up to the mode's polling period, so
 * schedule times fall uniformly against the pollers' phases instead of locking onto them.
 */
export const JITTER_SPAN_MS: Record<Mode, number> = {
  pull: LOW_UTILIZATION_POLL_INTERVAL,
  push: DISPATCHER_POLL_INTERVAL_MS,
};

/**
 * How long a pull system idles after start before it is measured: Kibana's poller checks its
 * utilization every 10 s and, below 25%, polls every 3 s from then on. An idle Kibana polls so.
 */
export const PULL_SETTLE_MS = 11_000;

export interface LatencyResult {
  /** schedule→start in ms, one per task, in scheduling order */
  samples: number[];
}

export interface ThroughputResult {
  tasks: number;
  task_ms: number;
  /** ms spent sending the schedule requests (16 at a time, round-robin over the hosts) */
  scheduling_ms: number;
  /** ms from the first schedule request to the last run's end record */
  makespan_ms: number;
  tasks_per_s: number;
  runs_per_node: Record<string, number>;
  /** tasks that did not run exactly once (must be 0) */
  not_run_once: number;
}

async function waitForRemoved(es: Client, system: BenchSystem, id: string): Promise<void> {
  await waitFor(
    async () =>
      !(await es.exists({ index: system.indices.tasks, id: `task:${id}`, realtime: true })),
    { timeoutMs: 30_000, intervalMs: 10, description: `task ${id} to finish` }
  );
}

/** One unmeasured task per host, to warm connections and code paths. */
export async function warmUp(es: Client, system: BenchSystem): Promise<void> {
  for (const [i, node] of system.nodes.entries()) {
    const id = `warm-up-${i}`;
    await scheduleTask(node, id, { params: { ms: 0 } });
    await waitForRemoved(es, system, id);
  }
}

/**
 * `count` tasks scheduled to run now, one at a time in an otherwise idle system: each after the
 * previous one finished (its task document removed) and a random pause; latency is from just
 * before the schedule request to the run's own start record (same machine, same clock).
 */
export async function measureLatency(
  es: Client,
  system: BenchSystem,
  count: number,
  round: number
): Promise<LatencyResult> {
  const sentAt = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const id = `latency-${round}-${i}`;
    await sleep(Math.random() * JITTER_SPAN_MS[system.mode]);
    sentAt.set(id, Date.now());
    await scheduleTask(system.nodes[i % system.nodes.length], id, { params: { ms: 0 } });
    await waitForRemoved(es, system, id);
  }
  const starts = startsPerTask(await readRecords(es, system.indices.executions));
  const samples = [...sentAt].map(([id, at]) => {
    const runs = starts.get(id);
    if (!runs) throw new Error(`latency task ${id} finished without a start record`);
    return runs[0].at - at;
  });
  return { samples };
}

/** `count` one-shot tasks of `taskMs` each scheduled at once; tasks/s until the last one ends. */
export async function measureThroughput(
  es: Client,
  system: BenchSystem,
  count: number,
  taskMs: number,
  round: number
): Promise<ThroughputResult> {
  const ids = Array.from({ length: count }, (_, i) => `burst-${round}-${i}`);
  const started = Date.now();
  await scheduleTasks(system.nodes, ids, () => ({ params: { ms: taskMs } }), 16);
  const scheduling_ms = Date.now() - started;
  await waitForCompleted(es, system.indices, ids, 300_000);
  const records = (await readRecords(es, system.indices.executions)).filter((r) =>
    r.task_id.startsWith(`burst-${round}-`)
  );
  const lastEnd = Math.max(...records.filter((r) => r.event === 'end').map((r) => r.at));
  const makespan_ms = lastEnd - started;
  const starts = startsPerTask(records);
  const names = Object.fromEntries(system.nodes.map((node, i) => [node.uuid, `node-${i}`]));
  const perNode = countBy(
    records.filter((r) => r.event === 'start'),
    (r) => names[r.node] ?? r.node
  );
  return {
    tasks: count,
    task_ms: taskMs,
    scheduling_ms,
    makespan_ms,
    tasks_per_s: (count * 1000) / makespan_ms,
    runs_per_node: perNode,
    not_run_once: ids.filter((id) => starts.get(id)?.length !== 1).length,
  };
}
