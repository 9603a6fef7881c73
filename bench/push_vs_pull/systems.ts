// Starts one benchmark system on its own indices: pull (2 hosts claiming, no dispatcher) or push (2 hosts + dispatcher).
import type { Client } from '@elastic/elasticsearch';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOW_UTILIZATION_POLL_INTERVAL } from '../../runtime/task_manager/server/polling/poll_interval';
import { startNodes, type NodeHandle } from '../../test_helpers/kibana_host';
import type { DispatcherProcess } from '../../dispatcher/integration_tests/helpers/dispatcher_process';
import {
  createE2eIndices,
  deleteE2eIndices,
  E2E_TOKEN,
  e2eHostConfig,
  startDispatcher,
  stopDispatcher,
  waitForDispatcherReady,
  type E2eIndices,
} from '../../dispatcher/integration_tests/helpers/e2e_env';

export type Mode = 'pull' | 'push';

export const NODE_COUNT = 2;

export interface BenchSystem {
  mode: Mode;
  indices: E2eIndices;
  nodes: NodeHandle[];
  dispatcher?: DispatcherProcess;
  /** epoch ms when every host (and the dispatcher) was ready */
  readyAt: number;
  /** stops the dispatcher, then the hosts, then deletes the indices; safe to call twice */
  stop(): Promise<void>;
}

/**
 * Host settings. Both modes start from the e2e fixture's settings (plugin, Task Manager, the
 * recording `e2e:work` type) and drop its test-friendly timings, so each side runs at its
 * defaults: pull is Kibana's mget claimer (poll 500 ms, 3 s while idle, capacity 10); push has
 * Task Manager's claiming off and a push capacity of 20 cost units (the same 10 normal tasks).
 */
function hostConfig(mode: Mode, esUrl: string, indices: E2eIndices): Record<string, unknown> {
  const config = e2eHostConfig(esUrl, indices);
  delete config['xpack.background_tasks.push.leader_cache_ms'];
  delete config['xpack.background_tasks.push.capacity'];
  delete config['xpack.background_tasks.push.heartbeat_interval_ms'];
  if (mode === 'pull') {
    config['xpack.task_manager.unsafe.disable_task_claiming'] = false;
    config['xpack.background_tasks.push.enabled'] = false;
    delete config['xpack.background_tasks.push.token'];
  }
  return config;
}

/** The dispatcher at its defaults (as `npm start` runs it), on this system's indices. */
function dispatcherConfig(esUrl: string, indices: E2eIndices): Record<string, unknown> {
  const { tasks, tracking, nodes, dispatcher } = indices;
  return {
    elasticsearch: { hosts: [esUrl] },
    indices: { tasks, tracking, nodes, dispatcher },
    nodes: { missed_heartbeats: 3 },
    push: { token: E2E_TOKEN },
    http: { host: '127.0.0.1', port: 0 },
    // info: the dispatcher's URL is read from its "Dispatcher started" line
    logging: { level: 'info' },
  };
}

export async function startSystem(
  mode: Mode,
  es: Client,
  esUrl: string,
  prefix: string
): Promise<BenchSystem> {
  const indices = await createE2eIndices(es, prefix);
  let nodes: NodeHandle[] = [];
  let dispatcher: DispatcherProcess | undefined;
  const killOnExit = () => dispatcher?.kill('SIGKILL');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopDispatcher(dispatcher);
    process.off('exit', killOnExit);
    await Promise.all(nodes.map((node) => node.stop()));
    await deleteE2eIndices(es, indices);
  };
  try {
    const config = hostConfig(mode, esUrl, indices);
    if (mode === 'pull') {
      // One at a time, a random pause apart: hosts started together poll in step, whereas
      // real Kibana nodes start at different times and poll out of phase with each other.
      for (let i = 0; i < NODE_COUNT; i++) {
        if (i > 0) await sleep(Math.random() * LOW_UTILIZATION_POLL_INTERVAL);
        nodes.push(...(await startNodes({ count: 1, esUrl, config })));
      }
    } else {
      nodes = await startNodes({ count: NODE_COUNT, esUrl, config });
    }
    if (mode === 'push') {
      dispatcher = startDispatcher(dispatcherConfig(esUrl, indices));
      process.once('exit', killOnExit);
      await waitForDispatcherReady(dispatcher, NODE_COUNT);
    }
    return { mode, indices, nodes, dispatcher, readyAt: Date.now(), stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
