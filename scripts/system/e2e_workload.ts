// The `e2e:work` workload that end-to-end tests and the benchmark run: the recording fixture
// plugin's settings, scheduling through the plugin's route, and readings of what ran (executions,
// overlap, latency).
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { REPO_ROOT } from '../../runtime/host/repo_root';
import { waitFor } from './wait_for';

export const E2E_TASK_TYPE = 'e2e:work';
/** Task Manager's normal cost, which `e2e:work` has. */
export const TASK_COST = 2;
const FIXTURE = join(__dirname, 'e2e_fixture');

export interface E2eWorkloadIndices {
  tasks: string;
  tracking: string;
  /** where the fixture records each run's start and end */
  executions: string;
}

/** Every index a system with the e2e fixture uses. */
export interface E2eSystemIndices extends E2eWorkloadIndices {
  nodes: string;
  dispatcher: string;
}

/** The index names of one system, all under `base` (which the caller makes unique). */
export function e2eSystemIndices(base: string): E2eSystemIndices {
  return {
    tasks: `${base}-tasks`,
    tracking: `${base}-tracking`,
    nodes: `${base}-nodes`,
    dispatcher: `${base}-dispatcher`,
    executions: `${base}-executions`,
  };
}

/** Creates the index the fixture records runs in. */
export async function createExecutionsIndex(
  es: Client,
  index: string,
  { durability = 'request' }: { durability?: 'request' | 'async' } = {}
): Promise<void> {
  await es.indices.create({
    index,
    settings: { 'index.translog.durability': durability },
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
}

/**
 * Host settings that load only the plugin, the runtime's Task Manager and Spaces, and the
 * recording fixture with `e2e:work`'s `timeout` (retryAt = claim + timeout, e.g. '4s').
 */
export function e2eFixtureSettings(
  executionsIndex: string,
  timeout = '1m'
): Record<string, unknown> {
  return {
    'plugins.defaults': false,
    'plugins.paths': [
      REPO_ROOT,
      join(REPO_ROOT, 'runtime', 'task_manager'),
      join(REPO_ROOT, 'runtime', 'spaces'),
      join(REPO_ROOT, 'runtime', 'encrypted_saved_objects'),
      FIXTURE,
    ],
    'logging.root.level': 'warn',
    'e2e_fixture.executions_index': executionsIndex,
    'e2e_fixture.timeout': timeout,
  };
}

export interface ScheduleBody {
  /** `recordEnd: false`: the run records its start only (its end would wait on Elasticsearch) */
  /** `awaitEnd: false`: the end record is queued and the run returns without waiting for it */
  /** `failAttempts: n`: attempts 1…n throw after their start record (no end record) */
  params: { ms: number; recordEnd?: boolean; awaitEnd?: boolean; failAttempts?: number };
  runAt?: string;
  schedule?: { interval: string };
}

/**
 * A host to schedule through, with the caller's credentials when its security is on; its recent
 * output explains a refused schedule.
 */
export interface ScheduleTarget {
  url: string;
  recentOutput(): string[];
  authorization?: string;
}

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
  /** how long the run was asked to work; absent in records written before it was kept */
  ms?: number;
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
  indices: Pick<E2eWorkloadIndices, 'tracking' | 'tasks'>,
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
  indices: Pick<E2eWorkloadIndices, 'tracking' | 'tasks'>,
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

/** Counts per value, e.g. runs per node. */
export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
