// The end-to-end environment: runtime hosts in push mode (child processes) running the plugin
// and the recording `e2e:work` fixture, dispatchers as child processes, all on one real
// Elasticsearch; plus the readings the acceptance tests compute (executions, overlap, latency).
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { getEsUrl, uniqueName } from '../../../test_helpers/elasticsearch';
import { REPO_ROOT, startNodes, type NodeHandle } from '../../../test_helpers/kibana_host';
import { waitFor } from '../../../test_helpers/wait_for';
import { DispatcherProcess, writeConfigFile } from './dispatcher_process';

export const E2E_TOKEN = 'e2e-test-push-token-0123456789abcdef';
export const E2E_TASK_TYPE = 'e2e:work';
/** Task Manager's normal cost, which `e2e:work` has. */
export const TASK_COST = 2;
const FIXTURE = join(__dirname, '..', 'fixtures', 'e2e_fixture');

export interface E2eIndices {
  tasks: string;
  tracking: string;
  nodes: string;
  dispatcher: string;
  executions: string;
}

export async function createE2eIndices(es: Client, prefix: string): Promise<E2eIndices> {
  const base = uniqueName(prefix);
  const indices = {
    tasks: `${base}-tasks`,
    tracking: `${base}-tracking`,
    nodes: `${base}-nodes`,
    dispatcher: `${base}-dispatcher`,
    executions: `${base}-executions`,
  };
  await es.indices.create({
    index: indices.executions,
    mappings: {
      dynamic: false,
      properties: {
        task_id: { type: 'keyword' },
        node: { type: 'keyword' },
        event: { type: 'keyword' },
        attempts: { type: 'integer' },
        at: { type: 'long' },
      },
    },
  });
  return indices;
}

export async function deleteE2eIndices(es: Client, indices: E2eIndices): Promise<void> {
  await es.indices.delete({ index: Object.values(indices), ignore_unavailable: true });
}

export interface E2eHostOptions {
  /** the type's timeout, e.g. '4s' (retryAt = claim + timeout). @defaultValue '1m' */
  timeout?: string;
  /** push capacity in cost units. @defaultValue 20 (10 normal tasks) */
  capacity?: number;
  /** further host settings (dotted keys), applied last */
  config?: Record<string, unknown>;
}

/** Host settings for a push-mode node: the runtime Task Manager with claiming off. */
export function e2eHostConfig(
  esUrl: string,
  indices: E2eIndices,
  { timeout = '1m', capacity = 20, config = {} }: E2eHostOptions = {}
): Record<string, unknown> {
  return {
    'elasticsearch.hosts': esUrl,
    'plugins.defaults': false,
    'plugins.paths': [
      REPO_ROOT,
      join(REPO_ROOT, 'runtime', 'task_manager'),
      join(REPO_ROOT, 'runtime', 'spaces'),
      FIXTURE,
    ],
    'logging.root.level': 'warn',
    'xpack.task_manager.index': indices.tasks,
    'xpack.task_manager.unsafe.disable_task_claiming': true,
    'xpack.background_tasks.tracking_index': indices.tracking,
    'xpack.background_tasks.task_index': indices.tasks,
    'xpack.background_tasks.push.enabled': true,
    'xpack.background_tasks.push.token': E2E_TOKEN,
    'xpack.background_tasks.push.capacity': capacity,
    'xpack.background_tasks.push.heartbeat_interval_ms': 200,
    'xpack.background_tasks.push.nodes_index': indices.nodes,
    'xpack.background_tasks.push.dispatcher_index': indices.dispatcher,
    'xpack.background_tasks.push.leader_cache_ms': 0,
    'e2e_fixture.executions_index': indices.executions,
    'e2e_fixture.timeout': timeout,
    ...config,
  };
}

export interface E2eNodes {
  nodes: NodeHandle[];
  /** every output line, per node index (warnings and errors only, at this log level) */
  output: string[][];
}

export async function startE2eNodes(
  esUrl: string,
  indices: E2eIndices,
  options: E2eHostOptions & { count?: number } = {}
): Promise<E2eNodes> {
  const count = options.count ?? 2;
  const output: string[][] = Array.from({ length: count }, () => []);
  const nodes = await startNodes({
    count,
    esUrl,
    config: e2eHostConfig(esUrl, indices, options),
    onOutput: (index, line) => output[index].push(line),
  });
  return { nodes, output };
}

/** A dispatcher configuration (raw, as in the YAML file) with test-friendly timings. */
export function e2eDispatcherConfig(
  esUrl: string,
  indices: E2eIndices,
  overrides: Record<string, Record<string, unknown>> = {}
): Record<string, unknown> {
  const { tasks, tracking, nodes, dispatcher } = indices;
  return {
    elasticsearch: { hosts: [esUrl], request_timeout_ms: 2000, ...overrides.elasticsearch },
    indices: { tasks, tracking, nodes, dispatcher },
    poll: { interval_ms: 200, backlog_interval_ms: 20, batch_size: 100, ...overrides.poll },
    lease: { duration_ms: 2000, renew_interval_ms: 300, safety_margin_ms: 500, ...overrides.lease },
    nodes: {
      missed_heartbeats: 5,
      refresh_interval_ms: 100,
      ...overrides.nodes,
    },
    push: {
      token: E2E_TOKEN,
      timeout_ms: 5000,
      backoff_initial_ms: 200,
      backoff_max_ms: 2000,
      ...overrides.push,
    },
    http: { host: '127.0.0.1', port: 0, ...overrides.http },
    logging: { level: 'info', ...overrides.logging },
  };
}

export function startDispatcher(config: Record<string, unknown>): DispatcherProcess {
  return new DispatcherProcess(writeConfigFile(config));
}

/** The dispatcher's count of pushes with this outcome (e.g. `accepted`), from its metrics. */
export async function pushesOf(dispatcher: DispatcherProcess, outcome: string): Promise<number> {
  const text = await (await fetch(`${await dispatcher.url()}/metrics`)).text();
  const prefix = `background_tasks_dispatcher_pushes_total{outcome="${outcome}"} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line ? Number(line.slice(prefix.length)) : 0;
}

/** Waits until `dispatcher` leads and sees `count` live nodes. */
export async function waitForDispatcherReady(dispatcher: DispatcherProcess, count: number) {
  await waitFor(
    async () => {
      const health = await dispatcher.health();
      return health.leader && (health.nodes as unknown[]).length === count;
    },
    { timeoutMs: 20_000, description: `the dispatcher to lead and see ${count} nodes` }
  );
}

/** Two hosts in push mode and a dispatcher that leads and sees them, on fresh indices. */
export interface E2eSystem {
  indices: E2eIndices;
  nodes: NodeHandle[];
  dispatcher: DispatcherProcess;
  /** stops the dispatcher and the hosts, and deletes the indices */
  stop(): Promise<void>;
}

/** Starts an {@link E2eSystem} on the Elasticsearch of ELASTICSEARCH_HOSTS. */
export async function startE2eSystem(
  es: Client,
  prefix: string,
  options: { hosts?: E2eHostOptions; dispatcher?: Record<string, Record<string, unknown>> } = {}
): Promise<E2eSystem> {
  const esUrl = getEsUrl();
  const indices = await createE2eIndices(es, prefix);
  const { nodes } = await startE2eNodes(esUrl, indices, options.hosts);
  const dispatcher = startDispatcher(e2eDispatcherConfig(esUrl, indices, options.dispatcher));
  const stop = async () => {
    await stopDispatcher(dispatcher);
    await Promise.all(nodes.map((node) => node.stop()));
    await deleteE2eIndices(es, indices);
  };
  try {
    await waitForDispatcherReady(dispatcher, nodes.length);
  } catch (error) {
    await stop();
    throw error;
  }
  return { indices, nodes, dispatcher, stop };
}

/** Kills a dispatcher still running (SIGKILL) and waits until it is gone. */
export async function killDispatcher(dispatcher: DispatcherProcess | undefined) {
  if (!dispatcher || dispatcher.exitCode !== undefined) return;
  dispatcher.kill('SIGKILL');
  await dispatcher.waitForExit();
}

/** Stops a dispatcher gracefully (SIGTERM), SIGKILL if it lingers. */
export async function stopDispatcher(dispatcher: DispatcherProcess | undefined) {
  if (!dispatcher || dispatcher.exitCode !== undefined) return;
  dispatcher.kill('SIGTERM');
  try {
    await dispatcher.waitForExit(10_000);
  } catch {
    await killDispatcher(dispatcher);
  }
}

export interface ScheduleBody {
  params: { ms: number };
  runAt?: string;
}

/**
 * A host to schedule through, with the caller's credentials when its security is on; its recent
 * output explains a refused schedule.
 */
export type ScheduleTarget = Pick<NodeHandle, 'url' | 'recentOutput'> & { authorization?: string };

/**
 * Schedules through the plugin's real route, `POST /internal/background_tasks/tasks/{id}?schedule=true`,
 * round-robin over `nodes`, `concurrency` requests at a time. Returns when each was scheduled
 * (epoch ms before its request was sent).
 */
export async function scheduleTasks(
  nodes: ScheduleTarget[],
  ids: string[],
  body: (id: string) => ScheduleBody,
  concurrency = 16
): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      const id = ids[i];
      sentAt.set(id, Date.now());
      await scheduleTask(nodes[i % nodes.length], id, body(id));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return sentAt;
}

export async function scheduleTask(
  node: ScheduleTarget,
  id: string,
  body: ScheduleBody
): Promise<void> {
  const response = await fetch(
    `${node.url}/internal/background_tasks/tasks/${encodeURIComponent(id)}?schedule=true`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'kbn-xsrf': 'e2e',
        'x-elastic-internal-origin': 'e2e',
        ...(node.authorization ? { authorization: node.authorization } : {}),
      },
      body: JSON.stringify({ type: E2E_TASK_TYPE, ...body }),
    }
  );
  if (response.status !== 200) {
    throw new Error(
      `scheduling ${id} answered ${response.status}: ${await response.text()}\n` +
        `--- last output of the host at ${node.url} ---\n${node.recentOutput().join('\n')}`
    );
  }
}

export interface RunRecord {
  task_id: string;
  node: string;
  attempts: number;
  event: 'start' | 'end';
  at: number;
}

/** Every start/end record so far (refreshes first), oldest first. */
export async function readRecords(es: Client, index: string): Promise<RunRecord[]> {
  await es.indices.refresh({ index });
  const records: RunRecord[] = [];
  let after: Array<string | number> | undefined;
  for (;;) {
    const response = await es.search<RunRecord>({
      index,
      size: 5000,
      sort: [{ at: { order: 'asc' } }, { _doc: { order: 'asc' } }],
      ...(after ? { search_after: after } : {}),
    });
    const hits = response.hits.hits;
    for (const hit of hits) if (hit._source) records.push(hit._source);
    if (hits.length < 5000) return records;
    after = hits[hits.length - 1].sort as Array<string | number>;
  }
}

/** Status counts of the tracking documents of `ids` (a realtime mget). */
export async function trackingStatuses(
  es: Client,
  index: string,
  ids: string[]
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < ids.length; i += 1000) {
    const response = await es.mget<{ status: string }>({
      index,
      ids: ids.slice(i, i + 1000),
      realtime: true,
    });
    for (const doc of response.docs) {
      const status = 'found' in doc && doc.found ? (doc._source?.status ?? '?') : 'missing';
      counts[status] = (counts[status] ?? 0) + 1;
    }
  }
  return counts;
}

/** Waits until every tracking document of `ids` says `completed`; returns how long it took. */
export async function waitForCompleted(
  es: Client,
  indices: Pick<E2eIndices, 'tracking' | 'tasks'>,
  ids: string[],
  timeoutMs: number
): Promise<number> {
  const started = Date.now();
  let last: Record<string, number> = {};
  try {
    await waitFor(
      async () => {
        last = await trackingStatuses(es, indices.tracking, ids);
        return last.completed === ids.length;
      },
      { timeoutMs, intervalMs: 250, description: `${ids.length} tasks to complete` }
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; statuses: ${JSON.stringify(last)}; not completed: ` +
        (await describeIncomplete(es, indices, ids).catch((e: unknown) => String(e)))
    );
  }
  return Date.now() - started;
}

/** The tracking status and task document of each task not completed, for failure messages. */
async function describeIncomplete(
  es: Client,
  indices: Pick<E2eIndices, 'tracking' | 'tasks'>,
  ids: string[]
): Promise<string> {
  const tracking = await es.mget<{ status: string }>({ index: indices.tracking, ids });
  const open = tracking.docs
    .filter((doc) => !('found' in doc && doc.found && doc._source?.status === 'completed'))
    .map((doc) => doc._id)
    .slice(0, 10);
  if (open.length === 0) return '(none)';
  const tasks = await es.mget<{ task: Record<string, unknown> }>({
    index: indices.tasks,
    ids: open.map((id) => `task:${id}`),
  });
  return tasks.docs
    .map((doc) => {
      const task = 'found' in doc && doc.found ? doc._source?.task : undefined;
      if (!task) return `${doc._id}: no task document`;
      const { status, ownerId, runAt, retryAt, attempts, startedAt } = task;
      return `${doc._id}: ${JSON.stringify({ status, ownerId, runAt, startedAt, retryAt, attempts })}`;
    })
    .join('; ');
}

/** How many runs started per task id. */
export function startsPerTask(records: RunRecord[]): Map<string, RunRecord[]> {
  const starts = new Map<string, RunRecord[]>();
  for (const record of records) {
    if (record.event !== 'start') continue;
    starts.set(record.task_id, [...(starts.get(record.task_id) ?? []), record]);
  }
  return starts;
}

/** The ids of `starts` that did not start exactly once (empty when every task ran once). */
export function notStartedOnce(starts: Map<string, RunRecord[]>): string[] {
  return [...starts].filter(([, runs]) => runs.length !== 1).map(([id]) => id);
}

/**
 * The highest cost running at once on each node, from the start/end records (a run that never
 * ended counts until `openUntil`). At equal times an end is counted before a start: the records
 * lie inside the node's own slot, so that order never hides an overlap the node allowed.
 */
export function maxRunningCostPerNode(
  records: RunRecord[],
  cost = TASK_COST
): Record<string, number> {
  const events: Record<string, Array<{ at: number; delta: number }>> = {};
  for (const record of records) {
    (events[record.node] ??= []).push({
      at: record.at,
      delta: record.event === 'start' ? cost : -cost,
    });
  }
  const max: Record<string, number> = {};
  for (const [node, list] of Object.entries(events)) {
    list.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let running = 0;
    max[node] = 0;
    for (const { delta } of list) {
      running += delta;
      max[node] = Math.max(max[node], running);
    }
  }
  return max;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A counter's value from Prometheus text, summed over its label sets. */
export async function metricValue(dispatcher: DispatcherProcess, name: string): Promise<number> {
  const text = await (await fetch((await dispatcher.url()) + '/metrics')).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name + ' ') || line.startsWith(name + '{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Counts per value, e.g. runs per node. */
export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
