// The health API's searches, as one `_msearch`: nodes, the leader lease, task documents per type
// and tracking documents per type, each bounded (aggregations, size 0) whatever the backlog.
import type { estypes } from '@elastic/elasticsearch';
import { LEADER_LEASE_ID, MAX_HEARTBEAT_INTERVAL_MS } from '../../common/push/push_protocol';
import { TASK_SCOPE } from '../../common/constants';
import { TASK_SO_TYPE } from '../../common/task_document';
import { CLAIMED_STATUSES, ENABLED_FILTER } from '../../common/task_lifecycle';

/** The most nodes the report lists: a cluster has a handful, this only bounds the read. */
export const MAX_HEALTH_NODES = 1000;
/** The most task types the report breaks down: past it, totals still count every type. */
export const MAX_HEALTH_TYPES = 500;

export interface HealthIndices {
  tasks: string;
  tracking: string;
  nodes: string;
  dispatcher: string;
}

export interface HealthQueryOptions {
  indices: HealthIndices;
  /** the instant the report is for, epoch ms */
  now: number;
  /** the recent window, ms */
  windowMs: number;
  /** how many of a node's heartbeat intervals it may miss and still be live */
  missedHeartbeats: number;
}

/** The order of the searches in the `_msearch`, and so of its responses. */
export const HEALTH_SEARCHES = ['nodes', 'leader', 'tasks', 'tracking'] as const;

export const NODE_SOURCE_FIELDS = [
  'id',
  'push_url',
  'capacity',
  'task_types',
  'heartbeat_interval_ms',
  'last_seen',
];

const iso = (ms: number) => new Date(ms).toISOString();

/** Idle, enabled and due: what the dispatcher (or Task Manager) should have claimed already. */
export function dueFilter(now: number): estypes.QueryDslQueryContainer {
  return {
    bool: {
      filter: [
        { term: { 'task.status': 'idle' } },
        ENABLED_FILTER,
        { range: { 'task.runAt': { lte: iso(now) } } },
      ],
    },
  };
}

/**
 * Failed at least once and not given up: waiting for its retry (idle, attempts ≥ 1) or running
 * it (claimed, attempts ≥ 2, since the claim counted the running attempt). A recurring task
 * that succeeds starts again from 0 attempts.
 */
export const RETRYING_FILTER: estypes.QueryDslQueryContainer = {
  bool: {
    minimum_should_match: 1,
    should: [
      {
        bool: {
          filter: [{ term: { 'task.status': 'idle' } }, { range: { 'task.attempts': { gte: 1 } } }],
        },
      },
      {
        bool: {
          filter: [
            { terms: { 'task.status': [...CLAIMED_STATUSES] } },
            { range: { 'task.attempts': { gte: 2 } } },
          ],
        },
      },
    ],
  },
};

const CLAIMED_FILTER: estypes.QueryDslQueryContainer = {
  terms: { 'task.status': [...CLAIMED_STATUSES] },
};

const OLDEST_RUN_AT = { oldest: { min: { field: 'task.runAt' } } };

const byType = (
  aggs?: Record<string, estypes.AggregationsAggregationContainer>
): Record<string, estypes.AggregationsAggregationContainer> => ({
  types: { terms: { field: 'task.taskType', size: MAX_HEALTH_TYPES }, ...(aggs ? { aggs } : {}) },
});

/**
 * Task documents of this plugin's scope: per type, and per type within each state of interest.
 * Each state is a top-level filter split by type (not a filter under each type), so Elasticsearch
 * runs it as a query and visits only the matching documents: the few due among many waiting.
 */
export function tasksSearch(now: number): estypes.SearchRequest {
  return {
    size: 0,
    track_total_hits: false,
    query: {
      bool: { filter: [{ term: { type: TASK_SO_TYPE } }, { term: { 'task.scope': TASK_SCOPE } }] },
    },
    aggs: {
      ...byType(),
      due: { filter: dueFilter(now), aggs: { ...OLDEST_RUN_AT, ...byType(OLDEST_RUN_AT) } },
      running: {
        filter: CLAIMED_FILTER,
        aggs: {
          ...byType(),
          owners: {
            terms: { field: 'task.ownerId', size: MAX_HEALTH_NODES },
            aggs: byType(),
          },
        },
      },
      failed: { filter: { term: { 'task.status': 'failed' } }, aggs: byType() },
      retrying: { filter: RETRYING_FILTER, aggs: byType() },
    },
  };
}

/** Tracking documents whose last completion or failure falls in the window, per type. */
export function trackingSearch(now: number, windowMs: number): estypes.SearchRequest {
  const since = iso(now - windowMs);
  const completed = { range: { last_completed_at: { gte: since, lte: iso(now) } } };
  const failed = { range: { last_failed_at: { gte: since, lte: iso(now) } } };
  const types = { types: { terms: { field: 'type', size: MAX_HEALTH_TYPES } } };
  return {
    size: 0,
    track_total_hits: false,
    query: { bool: { minimum_should_match: 1, should: [completed, failed] } },
    aggs: {
      completed: { filter: completed, aggs: types },
      failed: { filter: failed, aggs: types },
    },
  };
}

/** Heartbeats recent enough that some node interval could still call them live. */
export function nodesSearch(now: number, missedHeartbeats: number): estypes.SearchRequest {
  return {
    size: MAX_HEALTH_NODES,
    track_total_hits: false,
    _source: NODE_SOURCE_FIELDS,
    query: {
      range: { last_seen: { gte: iso(now - missedHeartbeats * MAX_HEARTBEAT_INTERVAL_MS) } },
    },
    sort: [{ last_seen: { order: 'desc', unmapped_type: 'date' } }],
  };
}

export function leaderSearch(): estypes.SearchRequest {
  return { size: 1, query: { ids: { values: [LEADER_LEASE_ID] } } };
}

/** The `_msearch` lines, in HEALTH_SEARCHES order. A missing index answers empty, not 404. */
export function healthMsearch({
  indices,
  now,
  windowMs,
  missedHeartbeats,
}: HealthQueryOptions): estypes.MsearchRequest['searches'] {
  const header = (index: string): estypes.MsearchMultisearchHeader => ({
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  return [
    header(indices.nodes),
    nodesSearch(now, missedHeartbeats),
    header(indices.dispatcher),
    leaderSearch(),
    header(indices.tasks),
    tasksSearch(now),
    header(indices.tracking),
    trackingSearch(now, windowMs),
  ] as estypes.MsearchRequest['searches'];
}
