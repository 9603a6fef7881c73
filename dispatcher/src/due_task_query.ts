// The due-task query: enabled idle tasks whose runAt passed and claims whose retryAt passed,
// in one scope, by priority then runAt, one batch at a time (top-k: cost follows the batch
// size, not the backlog).
import type { Client, estypes } from '@elastic/elasticsearch';
import {
  CANDIDATE_SOURCE_FIELDS,
  DEFAULT_TASK_PRIORITY,
  TASK_SO_TYPE,
  taskIdFromDocId,
  type SlimTaskSource,
  type TaskCandidate,
} from './task_fields';
import { CLAIMED_STATUSES, ENABLED_FILTER } from '../../common/task_lifecycle';

export interface DueTaskQueryOptions {
  index: string;
  scope: string;
  /** task types a live node can take now; only these are read */
  types: string[];
  size: number;
  now: number;
  /** `must_not` clauses: versions known superseded (see `StaleVersions`) */
  exclude?: estypes.QueryDslQueryContainer[];
}

export function dueTaskQuery({
  scope,
  types,
  now,
  exclude = [],
}: Omit<DueTaskQueryOptions, 'index' | 'size'>): estypes.QueryDslQueryContainer {
  const nowIso = new Date(now).toISOString();
  return {
    bool: {
      ...(exclude.length > 0 ? { must_not: exclude } : {}),
      filter: [
        ...taskFilters(scope, types),
        {
          bool: {
            minimum_should_match: 1,
            should: [
              {
                bool: {
                  filter: [
                    { term: { 'task.status': 'idle' } },
                    { range: { 'task.runAt': { lte: nowIso } } },
                  ],
                },
              },
              {
                bool: {
                  filter: [
                    { terms: { 'task.status': [...CLAIMED_STATUSES] } },
                    { range: { 'task.retryAt': { lte: nowIso } } },
                  ],
                },
              },
            ],
          },
        },
      ],
    },
  };
}

/** Task documents of these types in the scope that may be claimed at all. */
function taskFilters(scope: string, types: string[]): estypes.QueryDslQueryContainer[] {
  return [
    { term: { type: TASK_SO_TYPE } },
    // As Kibana's claim query: a task without `enabled` (from before 8.2) is not claimed.
    ENABLED_FILTER,
    { term: { 'task.scope': scope } },
    { terms: { 'task.taskType': types } },
  ];
}

export const DUE_TASK_SORT: estypes.Sort = [
  { 'task.priority': { order: 'desc', missing: DEFAULT_TASK_PRIORITY, unmapped_type: 'integer' } },
  { 'task.runAt': { order: 'asc', unmapped_type: 'date' } },
];

/** Reads one batch of due tasks with their versions (for the fenced claim). */
export async function findDueTasks(
  es: Client,
  options: DueTaskQueryOptions
): Promise<TaskCandidate[]> {
  if (options.types.length === 0) return [];
  const response = await es.search<SlimTaskSource>({
    index: options.index,
    ignore_unavailable: true,
    size: options.size,
    track_total_hits: false,
    seq_no_primary_term: true,
    _source: [...CANDIDATE_SOURCE_FIELDS],
    query: dueTaskQuery(options),
    sort: DUE_TASK_SORT,
  });
  return response.hits.hits.flatMap((hit) =>
    hit._source?.task && hit._seq_no != null && hit._primary_term != null
      ? [
          {
            id: taskIdFromDocId(hit._id!),
            seqNo: hit._seq_no,
            primaryTerm: hit._primary_term,
            task: hit._source.task,
          },
        ]
      : []
  );
}

/**
 * The earliest runAt after `now` and by `until` of an idle task of these types, in ms, if any:
 * the loop polls then rather than at its next interval, so a task starts at its runAt, not up
 * to a poll interval after it (Task Manager's poller finds it only at its next cycle).
 */
export async function findNextRunAt(
  es: Client,
  {
    index,
    scope,
    types,
    now,
    until,
  }: Omit<DueTaskQueryOptions, 'size' | 'exclude'> & {
    until: number;
  }
): Promise<number | undefined> {
  if (types.length === 0) return undefined;
  const response = await es.search<{ task?: { runAt?: string } }>({
    index,
    ignore_unavailable: true,
    size: 1,
    track_total_hits: false,
    _source: ['task.runAt'],
    query: {
      bool: {
        filter: [
          ...taskFilters(scope, types),
          { term: { 'task.status': 'idle' } },
          {
            range: {
              'task.runAt': { gt: new Date(now).toISOString(), lte: new Date(until).toISOString() },
            },
          },
        ],
      },
    },
    sort: [{ 'task.runAt': { order: 'asc', unmapped_type: 'date' } }],
  });
  const runAt = response.hits.hits[0]?._source?.task?.runAt;
  return runAt === undefined ? undefined : Date.parse(runAt);
}
