// Turns the health `_msearch` responses into the report: nodes with load, leader, due per type
// with drift, runs and failures per type, then the status. Pure: the route does the I/O.
import { TaskCost } from '@kbn/task-manager-plugin/server';
import type {
  BackgroundTasksHealth,
  HealthDue,
  HealthLeader,
  HealthNode,
  HealthRuns,
} from '../../common/health/background_tasks_health';
import {
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  type LeaderLeaseDocument,
  type NodeDocument,
} from '../../common/push/push_protocol';
import { nodeUuidOf } from '../../common/task_lifecycle';
import type { HealthConfig } from './health_config_schema';
import { computeHealthStatus, type HealthFacts } from './health_status';

interface Hit<T> {
  _source?: T;
}
interface CountAgg {
  doc_count: number;
}
interface MinAgg {
  oldest: { value: number | null };
}
type Buckets<A = object> = { buckets: Array<{ key: string; doc_count: number } & A> };
/** A filter aggregation split by task type. */
type ByType<A = object> = CountAgg & { types: Buckets<A> };

interface TasksAggs {
  types: Buckets;
  due: ByType<MinAgg> & MinAgg;
  running: ByType & { owners: Buckets<{ types: Buckets }> };
  failed: ByType;
  retrying: ByType;
}
interface TrackingAggs {
  completed: ByType;
  failed: ByType;
}
interface WindowCounts {
  completed: number;
  failed: number;
}

/** One `_msearch` item as Elasticsearch answers it (hits and aggregations are all we read). */
export interface HealthSearchResponse {
  hits?: { hits?: Array<Hit<unknown>> };
  aggregations?: unknown;
}

export interface HealthResponses {
  nodes: HealthSearchResponse;
  leader: HealthSearchResponse;
  tasks: HealthSearchResponse;
  tracking: HealthSearchResponse;
}

export interface BuildHealthReportOptions {
  responses: HealthResponses;
  /** the instant the searches were built for, epoch ms */
  now: number;
  config: HealthConfig;
  /** whether this node runs pushed tasks (push mode is then in use whatever the indices say) */
  pushEnabled: boolean;
}

function sources<T>(response: HealthSearchResponse): T[] {
  return (response.hits?.hits ?? []).flatMap((hit) => (hit._source ? [hit._source as T] : []));
}

function toDue(agg: (CountAgg & MinAgg) | undefined, now: number): HealthDue {
  const oldest = agg?.oldest.value;
  if (!agg || agg.doc_count === 0 || oldest == null) return { count: 0, drift_ms: 0 };
  return {
    count: agg.doc_count,
    drift_ms: Math.max(0, now - oldest),
    oldest_run_at: new Date(oldest).toISOString(),
  };
}

function toRuns(counts: WindowCounts | undefined, windowMs: number): HealthRuns {
  const completed = counts?.completed ?? 0;
  const failed = counts?.failed ?? 0;
  const count = completed + failed;
  return {
    window_ms: windowMs,
    completed,
    failed,
    per_minute: Math.round((count / (windowMs / 60_000)) * 100) / 100,
    failure_ratio: count === 0 ? null : failed / count,
  };
}

/** Live nodes with the cost of the tasks claimed for each (the type's cost, as it heartbeats). */
function toNodes(
  responses: HealthResponses,
  aggs: TasksAggs | undefined,
  now: number,
  missedHeartbeats: number
): HealthNode[] {
  const claimed = new Map(
    (aggs?.running.owners.buckets ?? []).map((bucket) => [nodeUuidOf(bucket.key), bucket.types])
  );
  return sources<NodeDocument>(responses.nodes)
    .filter((node) => {
      const interval = node.heartbeat_interval_ms ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
      return Date.parse(node.last_seen) >= now - missedHeartbeats * interval;
    })
    .map((node) => {
      const types = claimed.get(node.id)?.buckets ?? [];
      return {
        id: node.id,
        push_url: node.push_url,
        capacity: node.capacity,
        running: types.reduce((sum, bucket) => sum + bucket.doc_count, 0),
        load: types.reduce(
          (sum, { key, doc_count }) =>
            sum + doc_count * (node.task_types?.[key]?.cost ?? TaskCost.Normal),
          0
        ),
        last_seen: node.last_seen,
      };
    });
}

function toLeader(response: HealthSearchResponse, now: number): HealthLeader | null {
  const [lease] = sources<LeaderLeaseDocument>(response);
  if (!lease) return null;
  const { holder, term, expires_at } = lease;
  return { holder, term, expires_at, valid: Date.parse(expires_at) > now };
}

/** Count per type of a split filter aggregation. */
function countsByType<A>(agg: ByType<A> | undefined): Map<string, { doc_count: number } & A> {
  return new Map((agg?.types.buckets ?? []).map((bucket) => [bucket.key, bucket]));
}

function toTaskTypes(
  tasks: TasksAggs | undefined,
  tracking: TrackingAggs | undefined,
  now: number,
  windowMs: number
): BackgroundTasksHealth['task_types'] {
  const due = countsByType(tasks?.due);
  const running = countsByType(tasks?.running);
  const failed = countsByType(tasks?.failed);
  const retrying = countsByType(tasks?.retrying);
  const completedRuns = countsByType(tracking?.completed);
  const failedRuns = countsByType(tracking?.failed);
  const runsOf = (type: string) =>
    toRuns(
      {
        completed: completedRuns.get(type)?.doc_count ?? 0,
        failed: failedRuns.get(type)?.doc_count ?? 0,
      },
      windowMs
    );
  const result: BackgroundTasksHealth['task_types'] = {};
  for (const { key: type, doc_count } of tasks?.types.buckets ?? []) {
    result[type] = {
      total: doc_count,
      running: running.get(type)?.doc_count ?? 0,
      failed: failed.get(type)?.doc_count ?? 0,
      retrying: retrying.get(type)?.doc_count ?? 0,
      due: toDue(due.get(type), now),
      runs: runsOf(type),
    };
  }
  // A type with recent runs but no task document left (one-shot tasks are deleted on success).
  for (const type of new Set([...completedRuns.keys(), ...failedRuns.keys()])) {
    result[type] ??= {
      total: 0,
      running: 0,
      failed: 0,
      retrying: 0,
      due: toDue(undefined, now),
      runs: runsOf(type),
    };
  }
  return result;
}

export function buildHealthReport({
  responses,
  now,
  config,
  pushEnabled,
}: BuildHealthReportOptions): BackgroundTasksHealth {
  const tasks = responses.tasks.aggregations as TasksAggs | undefined;
  const tracking = responses.tracking.aggregations as TrackingAggs | undefined;
  const list = toNodes(responses, tasks, now, config.missed_heartbeats);
  const leader = toLeader(responses.leader, now);
  const facts: HealthFacts = {
    last_update: new Date(now).toISOString(),
    push: pushEnabled || leader !== null || list.length > 0,
    nodes: {
      live: list.length,
      capacity: list.reduce((sum, node) => sum + node.capacity, 0),
      load: list.reduce((sum, node) => sum + node.load, 0),
      list,
    },
    leader,
    due: toDue(tasks?.due, now),
    runs: toRuns(
      tracking && { completed: tracking.completed.doc_count, failed: tracking.failed.doc_count },
      config.window_ms
    ),
    task_types: toTaskTypes(tasks, tracking, now, config.window_ms),
  };
  const { status, reason } = computeHealthStatus(facts, config);
  return { status, ...(reason ? { reason } : {}), ...facts };
}
