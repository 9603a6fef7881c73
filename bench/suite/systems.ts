// Starts one benchmark system on its own indices with the system builder: push (hosts +
// dispatcher), pull (Kibana's claiming at its defaults) or pull-runsoon (claim nudge on schedule).
import type { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';
import type { DispatcherProcess } from '../../scripts/system/dispatcher_process';
import {
  createExecutionsIndex,
  e2eFixtureSettings,
  e2eSystemIndices,
  scheduleTask,
  type E2eSystemIndices,
} from '../../scripts/system/e2e_workload';
import { startSystem, type SystemHandle } from '../../scripts/system/start_system';
import { waitFor } from '../../scripts/system/wait_for';
import { seedDueTasks, waitForCompletedCount } from './workload';

/** pull: Kibana 9's defaults; pull-runsoon: the same with newer Kibana's claim after schedule. */
export type Mode = 'push' | 'pull' | 'pull-runsoon';

export interface BenchSystem {
  mode: Mode;
  hosts: number;
  indices: E2eSystemIndices;
  nodes: SystemHandle['hosts'];
  dispatcher?: DispatcherProcess;
  /** stops the dispatcher, then the hosts, then deletes the indices; safe to call twice */
  stop(): Promise<void>;
}

/**
 * Every mode runs the recording `e2e:work` type and otherwise the builder's defaults: pull is
 * the runtime's mget claimer as Kibana 9 runs it (poll 500 ms, 3 s while idle, capacity 10);
 * pull-runsoon adds `xpack.task_manager.request_immediate_claim`; push has Task Manager's
 * claiming off, a push capacity of 20 cost units (the same 10 normal tasks) and the dispatcher
 * as `npm start` runs it.
 */
export async function startBenchSystem(
  es: Client,
  esUrl: string,
  mode: Mode,
  hosts: number,
  quick = false
): Promise<BenchSystem> {
  const base = `bench-${mode}-${hosts}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const indices = e2eSystemIndices(base);
  const deleteIndices = () =>
    es.indices.delete({ index: Object.values(indices), ignore_unavailable: true });
  // The records are the suite's measuring instrument, not the system's work: not fsynced per
  // request, they take no turn of Elasticsearch's write threads from the system's own writes
  // (the third and fourth 2,000-task bursts of fresh push systems: 366-538 tasks/s durable,
  // 566-612 async). The system's own indices stay durable, and so do these records in the
  // chaos runs and the tests, which stop Elasticsearch.
  await createExecutionsIndex(es, indices.executions, { durability: 'async' });
  let system: SystemHandle;
  try {
    system = await startSystem({
      esUrl,
      indices,
      mode: mode === 'push' ? 'push' : 'pull',
      hosts: {
        count: hosts,
        settings: {
          ...e2eFixtureSettings(indices.executions),
          ...(mode === 'pull-runsoon'
            ? { 'xpack.task_manager.request_immediate_claim': true }
            : {}),
        },
        // Pull: one at a time, a random pause apart: hosts started together poll in step,
        // whereas real Kibana nodes start at different times and poll out of phase.
        stagger: mode === 'push' ? undefined : () => Math.random() * 1000,
      },
    });
  } catch (error) {
    await deleteIndices().catch(() => undefined);
    throw error;
  }
  const bench: BenchSystem = {
    mode,
    hosts,
    indices,
    nodes: system.hosts,
    dispatcher: system.dispatcher,
    stop: async () => {
      await system.stop();
      await deleteIndices().catch(() => undefined);
    },
  };
  await warmUp(es, bench, quick ? QUICK_WARM_UP_TASKS : WARM_UP_TASKS[mode]);
  return bench;
}

/**
 * Unmeasured due no-op tasks run by every system as it starts, after one task per host. Its
 * processes start with cold code: on a fresh push system the hosts' CPU per task fell from
 * ~1.0 ms in the first 2,000-task burst to 0.42-0.48 ms by the third, and the burst rate rose
 * from 353-404 to 538-612 tasks/s; after 6,000 warm-up runs the first burst is already there
 * (549-616). A Kibana node serving for hours runs warm. Pull, bound by its poll (40 tasks/s at
 * Kibana's defaults, every burst alike), would spend minutes on as many: it gets 500.
 */
const WARM_UP_TASKS: Record<Mode, number> = { push: 6000, pull: 500, 'pull-runsoon': 500 };
/** `--quick` is a check, not a measure: it keeps its 3 minutes. */
const QUICK_WARM_UP_TASKS = 500;
/** Warms connections and code paths (and creates the indices): one task per host, then a burst. */
async function warmUp(es: Client, system: BenchSystem, tasks: number): Promise<void> {
  for (const [i, node] of system.nodes.entries()) {
    const id = `warm-up-${i}`;
    await scheduleTask(node, id, { params: { ms: 0, recordEnd: false } });
    await waitFor(
      async () =>
        !(await es.exists({ index: system.indices.tasks, id: `task:${id}`, realtime: true })),
      { timeoutMs: 30_000, intervalMs: 20, description: `warm-up task ${id} to finish` }
    );
  }
  const prefix = `warm-up-burst-${Date.now().toString(36)}-`;
  const ids = Array.from({ length: tasks }, (_, i) => `${prefix}${i}`);
  await seedDueTasks(es, system, ids, 0);
  await waitForCompletedCount(es, system, prefix, ids.length, 120_000);
}
