// Tests' face of the system builder (scripts/system/start_system.ts): hosts and a dispatcher on
// fresh, uniquely named indices, with test-friendly timings and the recording `e2e:work` type.
// Kibana: src/core/test_helpers/kbn_server.ts (tests start servers through one helper)
import type { Client } from '@elastic/elasticsearch';
import { DispatcherProcess, writeConfigFile } from '../scripts/system/dispatcher_process';
import {
  createExecutionsIndex,
  e2eFixtureSettings,
  e2eSystemIndices,
  type E2eSystemIndices,
} from '../scripts/system/e2e_workload';
import { startSystem, type SystemHandle } from '../scripts/system/start_system';
import {
  dispatcherConfig,
  mergeSections,
  type DispatcherSections,
} from '../scripts/system/system_config';
import { getEsUrl, uniqueName } from './elasticsearch';

/** The one push token of every test: hosts, dispatchers and stand-in nodes share it. */
export const TEST_PUSH_TOKEN = 'test-push-token-0123456789abcdef0123';

/** A host of a started system. */
export type TestHost = SystemHandle['hosts'][number];

export type TestSystemIndices = E2eSystemIndices;

/** Index names under `prefix`, unique to this call. */
export function uniqueSystemIndices(prefix: string): TestSystemIndices {
  return e2eSystemIndices(uniqueName(prefix));
}

/** Unique index names under `prefix`; creates the fixture's executions index. */
export async function createSystemIndices(es: Client, prefix: string): Promise<TestSystemIndices> {
  const indices = uniqueSystemIndices(prefix);
  await createExecutionsIndex(es, indices.executions);
  return indices;
}

export async function deleteSystemIndices(es: Client, indices: TestSystemIndices): Promise<void> {
  await es.indices.delete({ index: Object.values(indices), ignore_unavailable: true });
}

export interface TestHostOptions {
  /** @defaultValue 2 */
  count?: number;
  /** the `e2e:work` type's timeout, e.g. '4s' (retryAt = claim + timeout). @defaultValue '1m' */
  timeout?: string;
  /** push capacity in cost units. @defaultValue 20 (10 normal tasks) */
  capacity?: number;
  /** further host settings (dotted keys), applied last */
  config?: Record<string, unknown>;
}

/** Host settings over the builder's: the fixture, fast heartbeats, no leader cache. */
export function testHostSettings(
  indices: TestSystemIndices,
  { timeout, capacity = 20, config = {} }: TestHostOptions = {}
): Record<string, unknown> {
  return {
    ...e2eFixtureSettings(indices.executions, timeout),
    'xpack.background_tasks.push.capacity': capacity,
    'xpack.background_tasks.push.heartbeat_interval_ms': 200,
    'xpack.background_tasks.push.nodes_index': indices.nodes,
    'xpack.background_tasks.push.dispatcher_index': indices.dispatcher,
    'xpack.background_tasks.push.leader_cache_ms': 0,
    ...config,
  };
}

/** Dispatcher timings for tests (fast polls, short lease, nodes dropped after 5 missed heartbeats), then `overrides`. */
export function testDispatcherSettings(overrides: DispatcherSections = {}): DispatcherSections {
  return mergeSections(
    {
      elasticsearch: { request_timeout_ms: 2000 },
      poll: { interval_ms: 200, backlog_interval_ms: 20, batch_size: 100 },
      lease: { duration_ms: 2000, renew_interval_ms: 300, safety_margin_ms: 500 },
      nodes: { missed_heartbeats: 5, refresh_interval_ms: 100 },
      push: { timeout_ms: 5000, backoff_initial_ms: 200, backoff_max_ms: 2000 },
    },
    overrides
  );
}

export interface TestSystemOptions {
  /** @defaultValue ELASTICSEARCH_HOSTS */
  esUrl?: string;
  /** pull: Task Manager claims and no dispatcher starts. @defaultValue 'push' */
  mode?: 'push' | 'pull';
  hosts?: TestHostOptions;
  /** section overrides of {@link testDispatcherSettings} */
  dispatcher?: DispatcherSections;
  /** the dispatcher's id (two dispatchers on one system need two). @defaultValue its default */
  dispatcherId?: string;
  /** where host `index` reaches Elasticsearch (e.g. a counting proxy). @defaultValue esUrl */
  hostEsUrl?: (index: number) => string | undefined;
}

export interface TestSystem {
  esUrl: string;
  indices: TestSystemIndices;
  nodes: TestHost[];
  /** every output line, per host (warnings and errors only, at this log level) */
  output: string[][];
  /** the dispatcher (pull mode has none: do not read it there) */
  dispatcher: DispatcherProcess;
  /** stops the dispatcher and the hosts, and deletes the indices */
  stop(): Promise<void>;
}

/** Starts hosts (and in push mode a dispatcher that leads and sees them) on fresh indices. */
export async function startTestSystem(
  es: Client,
  prefix: string,
  options: TestSystemOptions = {}
): Promise<TestSystem> {
  const esUrl = options.esUrl ?? getEsUrl();
  const indices = await createSystemIndices(es, prefix);
  const count = options.hosts?.count ?? 2;
  const output: string[][] = Array.from({ length: count }, () => []);
  const system = await startSystem({
    esUrl,
    indices,
    mode: options.mode,
    token: TEST_PUSH_TOKEN,
    hosts: {
      count,
      settings: testHostSettings(indices, options.hosts),
      onOutput: (index, line) => output[index].push(line),
      esUrl: options.hostEsUrl,
    },
    dispatcher: { settings: testDispatcherSettings(options.dispatcher), id: options.dispatcherId },
  }).catch(async (error: unknown) => {
    await deleteSystemIndices(es, indices);
    throw error;
  });
  return {
    esUrl,
    indices,
    nodes: system.hosts,
    output,
    dispatcher: system.dispatcher as DispatcherProcess,
    stop: async () => {
      await system.stop();
      await deleteSystemIndices(es, indices);
    },
  };
}

/** A further dispatcher on a started system (stopping it is the caller's). */
export function startTestDispatcher(
  system: Pick<TestSystem, 'esUrl' | 'indices'>,
  { id, settings }: { id?: string; settings?: DispatcherSections } = {}
): DispatcherProcess {
  const config = dispatcherConfig(
    system.esUrl,
    0,
    system.indices,
    testDispatcherSettings(settings)
  );
  return new DispatcherProcess(writeConfigFile({ ...config, ...(id ? { id } : {}) }), {
    DISPATCHER_PUSH__TOKEN: TEST_PUSH_TOKEN,
  });
}
