// Turns the health `_msearch` responses into the report: nodes with load, leader, due per type
// with drift, runs and failures per type, then the status. Pure: the route does the I/O.
import { TaskCost } from '@kbn/task-manager-plugin/server';
import type {
  BackgroundTasksHealth,
  HealthDue,
  HealthLeader,
  HealthNode,
  HealthRuns,
  HealthTaskType,
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
interface DueAgg extends CountAgg {
  oldest: { value: number | null };
}
type Buckets<A> = { buckets: Array<{ key: string; doc_count: number } & A> };

interface TaskTypeAggs {
  running: CountAgg;
  failed: CountAgg;
  retrying: CountAgg;
  due: DueAgg;
}
interface TasksAggs {
  due: DueAgg;
  types: Buckets<TaskTypeAggs>;
  owners: { owner: Buckets<{ types: Buckets<object> }> };
}
interface WindowAggs {
  completed: CountAgg;
  failed: CountAgg;
}
type TrackingAggs = WindowAggs & { types: Buckets<WindowAggs> };

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

function toDue(agg: DueAgg | undefined, now: number): HealthDue {
  const oldest = agg?.oldest.value;
  if (!agg || agg.doc_count === 0 || oldest == null) return { count: 0, drift_ms: 0 };
  return {
    count: agg.doc_count,
    drift_ms: Math.max(0, now - oldest),
    oldest_run_at: new Date(oldest).toISOString(),
  };
}

function toRuns(agg: WindowAggs | undefined, windowMs: number): HealthRuns {
  const completed = agg?.completed.doc_count ?? 0;
  const failed = agg?.failed.doc_count ?? 0;
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
    (aggs?.owners.owner.buckets ?? []).map((bucket) => [nodeUuidOf(bucket.key), bucket.types])
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

function toTaskTypes(
  tasks: TasksAggs | undefined,
  tracking: TrackingAggs | undefined,
  now: number,
  windowMs: number
): BackgroundTasksHealth['task_types'] {
  const runsByType = new Map((tracking?.types.buckets ?? []).map((b) => [b.key, b]));
  const result: BackgroundTasksHealth['task_types'] = {};
  const empty: HealthTaskType = {
    total: 0,
    running: 0,
    failed: 0,
    retrying: 0,
    due: toDue(undefined, now),
  };
  for (const bucket of tasks?.types.buckets ?? []) {
    result[bucket.key] = {
      total: bucket.doc_count,
      running: bucket.running.doc_count,
      failed: bucket.failed.doc_count,
      retrying: bucket.retrying.doc_count,
      due: toDue(bucket.due, now),
      runs: toRuns(runsByType.get(bucket.key), windowMs),
    };
  }
  // A type with recent runs but no task document left (one-shot tasks are deleted on success).
  for (const [type, bucket] of runsByType) {
    result[type] ??= { ...empty, runs: toRuns(bucket, windowMs) };
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
    runs: toRuns(tracking, config.window_ms),
    task_types: toTaskTypes(tasks, tracking, now, config.window_ms),
  };
  const { status, reason } = computeHealthStatus(facts, config);
  return { status, ...(reason ? { reason } : {}), ...facts };
}
