// A realistic mix of task and tracking documents for the health test, with the counts the health
// report should find, computed here in plain code rather than by Elasticsearch.
import type { Client } from '@elastic/elasticsearch';
import { TASK_SCOPE } from '../../../common/constants';
import { taskDocumentId, taskToDocumentSource } from '../../../common/task_document';
import { toOwnerId } from '../../../common/task_lifecycle';
import type { StoredBackgroundTaskStatus, TrackingDocument } from '../../../common/tracking';

export const WORKLOAD_TYPES = ['bulk:alpha', 'bulk:beta', 'bulk:gamma', 'bulk:delta'] as const;

const MINUTE = 60_000;

/** Task documents, one of ten shapes by index: half waiting for a future runAt. */
type TaskShape = 'future' | 'due' | 'running' | 'retry_wait' | 'retry_running' | 'failed';
const TASK_SHAPES: TaskShape[] = [
  'future',
  'future',
  'future',
  'future',
  'future',
  'due',
  'running',
  'retry_wait',
  'retry_running',
  'failed',
];

/** Tracking documents, one of ten shapes: recent and old completions and failures, and the rest. */
type TrackingShape = 'done_recent' | 'done_old' | 'failed_recent' | 'failed_old' | 'other';
const TRACKING_SHAPES: TrackingShape[] = [
  'done_recent',
  'done_recent',
  'done_recent',
  'done_old',
  'done_old',
  'failed_recent',
  'failed_old',
  'other',
  'other',
  'other',
];
const OTHER_STATUSES: StoredBackgroundTaskStatus[] = ['in_progress', 'acknowledged', 'canceled'];

export interface ExpectedType {
  total: number;
  running: number;
  failed: number;
  retrying: number;
  due: number;
  /** epoch ms of the oldest due runAt */
  oldestDue: number;
  completedRecent: number;
  failedRecent: number;
  /** running tasks claimed for the node under test */
  runningOnNode: number;
}

export interface Workload {
  tasks: Array<{ _id: string; doc: unknown }>;
  tracking: Array<{ _id: string; doc: TrackingDocument }>;
  expected: Record<string, ExpectedType>;
}

/**
 * `taskCount` task documents and `trackingCount` tracking documents of WORKLOAD_TYPES, around
 * `now`: due tasks 1 to 10 minutes late, recent runs within the last 3 minutes (inside a 5-minute
 * window), old ones an hour back. Every other running task is claimed for `nodeId`.
 */
export function buildWorkload({
  taskCount,
  trackingCount,
  now,
  nodeId,
}: {
  taskCount: number;
  trackingCount: number;
  now: number;
  nodeId: string;
}): Workload {
  const expected: Record<string, ExpectedType> = {};
  for (const type of WORKLOAD_TYPES) {
    expected[type] = {
      total: 0,
      running: 0,
      failed: 0,
      retrying: 0,
      due: 0,
      oldestDue: Infinity,
      completedRecent: 0,
      failedRecent: 0,
      runningOnNode: 0,
    };
  }
  const tasks: Workload['tasks'] = [];
  for (let i = 0; i < taskCount; i++) {
    const type = WORKLOAD_TYPES[i % WORKLOAD_TYPES.length];
    const shape = TASK_SHAPES[Math.floor(i / WORKLOAD_TYPES.length) % TASK_SHAPES.length];
    const e = expected[type];
    e.total++;
    const id = `bulk-${i}`;
    const claimed = shape === 'running' || shape === 'retry_running';
    const owner = claimed && i % 2 === 0 ? nodeId : 'gone-node';
    const runAt =
      shape === 'due' ? now - MINUTE - (i % (9 * MINUTE)) : now + MINUTE + (i % (60 * MINUTE));
    if (shape === 'due') {
      e.due++;
      e.oldestDue = Math.min(e.oldestDue, runAt);
    }
    if (claimed) e.running++;
    if (claimed && owner === nodeId) e.runningOnNode++;
    if (shape === 'failed') e.failed++;
    if (shape === 'retry_wait' || shape === 'retry_running') e.retrying++;
    const attempts = { retry_wait: 1, retry_running: 2, running: 1, failed: 3 } as const;
    const doc = taskToDocumentSource(
      {
        taskType: type,
        params: { i },
        state: {},
        scope: [TASK_SCOPE],
        enabled: true,
        runAt: new Date(claimed ? now - MINUTE : runAt),
        status: claimed ? 'running' : shape === 'failed' ? 'failed' : 'idle',
        attempts: shape in attempts ? attempts[shape as keyof typeof attempts] : 0,
        ...(claimed
          ? {
              ownerId: toOwnerId(owner),
              startedAt: new Date(now - MINUTE),
              // far ahead: no dispatcher sweep takes these claims back during the test
              retryAt: new Date(now + 60 * MINUTE),
            }
          : {}),
      } as Parameters<typeof taskToDocumentSource>[0],
      id,
      new Date(now)
    );
    tasks.push({ _id: taskDocumentId(id), doc });
  }

  const tracking: Workload['tracking'] = [];
  for (let i = 0; i < trackingCount; i++) {
    const type = WORKLOAD_TYPES[i % WORKLOAD_TYPES.length];
    const shape = TRACKING_SHAPES[Math.floor(i / WORKLOAD_TYPES.length) % TRACKING_SHAPES.length];
    const e = expected[type];
    const recent = now - 10_000 - (i % (3 * MINUTE));
    const old = now - 60 * MINUTE - (i % (60 * MINUTE));
    const at = (ms: number) => new Date(ms).toISOString();
    const doc: TrackingDocument = {
      id: `bulk-tracking-${i}`,
      type,
      status:
        shape === 'done_recent' || shape === 'done_old'
          ? 'completed'
          : shape === 'failed_recent' || shape === 'failed_old'
            ? 'failed'
            : OTHER_STATUSES[i % OTHER_STATUSES.length],
      space: i % 3 === 0 ? 'default' : 'space-b',
      created_at: at(old - MINUTE),
      updated_at: at(now - 10_000),
      task: { params: { i } },
      ...(shape === 'done_recent' ? { last_completed_at: at(recent) } : {}),
      ...(shape === 'done_old' ? { last_completed_at: at(old) } : {}),
      ...(shape === 'failed_recent' ? { last_failed_at: at(recent) } : {}),
      ...(shape === 'failed_old' ? { last_failed_at: at(old) } : {}),
    };
    if (shape === 'done_recent') e.completedRecent++;
    if (shape === 'failed_recent') e.failedRecent++;
    tracking.push({ _id: doc.id, doc });
  }
  return { tasks, tracking, expected };
}

/** Loads the workload with the client's bulk helper, refreshed once at the end. */
export async function loadWorkload(
  es: Client,
  indices: { tasks: string; tracking: string },
  workload: Workload
): Promise<void> {
  for (const [index, docs] of [
    [indices.tasks, workload.tasks],
    [indices.tracking, workload.tracking],
  ] as const) {
    const result = await es.helpers.bulk<{ _id: string; doc: unknown }>({
      datasource: docs as Array<{ _id: string; doc: unknown }>,
      // [action, document]: the document alone, not the { _id, doc } pair it comes in
      onDocument: ({ _id, doc }) => [{ index: { _index: index, _id } }, doc],
      flushBytes: 2_000_000,
      concurrency: 2,
    });
    if (result.failed > 0) throw new Error(`${result.failed} documents failed to load`);
  }
  await es.indices.refresh({ index: [indices.tasks, indices.tracking] });
}
