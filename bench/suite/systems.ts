// Starts one benchmark system on its own indices with the system builder: pull (2 hosts
// claiming, no dispatcher) or push (2 hosts + dispatcher), each at its defaults.
import type { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';
import { LOW_UTILIZATION_POLL_INTERVAL } from '../../runtime/task_manager/server/polling/poll_interval';
import type { DispatcherProcess } from '../../scripts/system/dispatcher_process';
import {
  createExecutionsIndex,
  e2eFixtureSettings,
  e2eSystemIndices,
  type E2eSystemIndices,
} from '../../scripts/system/e2e_workload';
import { startSystem, type SystemHandle } from '../../scripts/system/start_system';

export type Mode = 'pull' | 'push';

export const NODE_COUNT = 2;

export type BenchIndices = E2eSystemIndices;

export interface BenchSystem {
  mode: Mode;
  indices: BenchIndices;
  nodes: SystemHandle['hosts'];
  dispatcher?: DispatcherProcess;
  /** epoch ms when every host (and the dispatcher) was ready */
  readyAt: number;
  /** stops the dispatcher, then the hosts, then deletes the indices; safe to call twice */
  stop(): Promise<void>;
}

function benchIndices(prefix: string): BenchIndices {
  return e2eSystemIndices(`${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`);
}

/**
 * Both modes run the recording `e2e:work` type and otherwise the builder's defaults: pull is
 * Kibana's mget claimer (poll 500 ms, 3 s while idle, capacity 10); push has Task Manager's
 * claiming off, a push capacity of 20 cost units (the same 10 normal tasks) and the dispatcher
 * as `npm start` runs it.
 */
export async function startBenchSystem(
  mode: Mode,
  es: Client,
  esUrl: string,
  prefix: string
): Promise<BenchSystem> {
  const indices = benchIndices(prefix);
  const deleteIndices = () =>
    es.indices.delete({ index: Object.values(indices), ignore_unavailable: true });
  await createExecutionsIndex(es, indices.executions);
  let system: SystemHandle;
  try {
    system = await startModeSystem(mode, esUrl, indices);
  } catch (error) {
    await deleteIndices().catch(() => undefined);
    throw error;
  }
  let stopped = false;
  return {
    mode,
    indices,
    nodes: system.hosts,
    dispatcher: system.dispatcher,
    readyAt: Date.now(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await system.stop();
      await deleteIndices();
    },
  };
}

function startModeSystem(mode: Mode, esUrl: string, indices: BenchIndices) {
  return startSystem({
    esUrl,
    indices,
    mode,
    hosts: {
      count: NODE_COUNT,
      settings: e2eFixtureSettings(indices.executions),
      // Pull: one at a time, a random pause apart: hosts started together poll in step, whereas
      // real Kibana nodes start at different times and poll out of phase with each other.
      stagger: mode === 'pull' ? () => Math.random() * LOW_UTILIZATION_POLL_INTERVAL : undefined,
    },
  });
}
