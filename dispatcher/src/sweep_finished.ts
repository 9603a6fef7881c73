// The retention sweep's I/O: deletes finished tracking documents past their `retain_until`, and
// failed Task Manager task documents past their retention, in bounded, fenced bulk batches.
import type { Client, estypes } from '@elastic/elasticsearch';
import { FINAL_STATUSES } from '../../common';
import { archiveDocuments, archiveIndexName, type SweptHit } from './archive_documents';

/** Which kind of document a batch removed, as the metric labels it. */
export type SweptDocument = 'tracking' | 'task';

export interface SweepFinishedOptions {
  trackingIndex: string;
  tasksIndex: string;
  /** Task Manager scope of the tasks whose documents may be removed (never another plugin's) */
  scope: string;
  /**
   * a failed task document last updated longer ago than this is removed, in ms; 0 keeps them.
   * Task documents keep Kibana's layout, which has no field to stamp, so their age decides.
   */
  failedTaskRetentionMs: number;
  /** documents read, then deleted, per batch: what one search and one `_bulk` cost */
  batchSize: number;
  /** most batches per index and call: a backlog is worked off over several sweeps */
  maxBatches: number;
  /** the sweep's clock (tests move it) */
  now: Date;
  /**
   * copy each document into `<index>-archive-YYYY.MM.DD` (the sweep's UTC day) before deleting
   * it; a document that could not be archived is kept. @defaultValue false
   */
  archive?: boolean;
  /** asked before each batch; false stops the sweep (the leader lost its lease) */
  shouldContinue?: () => boolean;
  /** told after each batch what it removed (metrics count as they go, even if a later batch throws) */
  onRemoved?: (document: SweptDocument, count: number) => void;
}

export interface SweepFinishedResult {
  /** tracking documents this call deleted */
  tracking: number;
  /** failed task documents this call deleted */
  tasks: number;
  /** per-item failures other than a lost race (left for the next sweep), at most a few */
  errors: string[];
}

/** Finished (the state machine stamps `retain_until` only in a final status) and expired. */
function expiredTrackingQuery(now: Date): estypes.QueryDslQueryContainer {
  return {
    bool: {
      filter: [
        { range: { retain_until: { lte: now.toISOString() } } },
        // Belt and braces: a stamp left on an unfinished document by any writer never deletes it.
        { terms: { status: [...FINAL_STATUSES] } },
      ],
    },
  };
}

function expiredFailedTaskQuery(now: Date, scope: string, retentionMs: number) {
  const before = new Date(now.getTime() - retentionMs).toISOString();
  return {
    bool: {
      filter: [
        { term: { type: 'task' } },
        { term: { 'task.status': 'failed' } },
        { term: { 'task.scope': scope } },
        { range: { updated_at: { lte: before } } },
      ],
    },
  } satisfies estypes.QueryDslQueryContainer;
}

/**
 * One sweep. Safe to run twice at once (a deposed leader finishing its batch while the new one
 * starts): every delete is fenced by the version the search read, so a document changed since
 * (re-scheduled, acknowledged) is kept, and one another sweeper deleted first counts only once.
 */
export async function sweepFinished(
  es: Client,
  options: SweepFinishedOptions
): Promise<SweepFinishedResult> {
  const errors: string[] = [];
  const tracking = await sweepIndex(
    es,
    options.trackingIndex,
    expiredTrackingQuery(options.now),
    'tracking',
    options,
    errors
  );
  const tasks =
    options.failedTaskRetentionMs > 0
      ? await sweepIndex(
          es,
          options.tasksIndex,
          expiredFailedTaskQuery(options.now, options.scope, options.failedTaskRetentionMs),
          'task',
          options,
          errors
        )
      : 0;
  return { tracking, tasks, errors };
}

const MAX_REPORTED_ERRORS = 5;

async function sweepIndex(
  es: Client,
  index: string,
  query: estypes.QueryDslQueryContainer,
  document: SweptDocument,
  options: SweepFinishedOptions,
  errors: string[]
): Promise<number> {
  const { batchSize, maxBatches, shouldContinue, onRemoved, archive, now } = options;
  let removed = 0;
  for (let batch = 0; batch < maxBatches && (shouldContinue?.() ?? true); batch++) {
    const { hits } = await es.search({
      index,
      query,
      size: batchSize,
      seq_no_primary_term: true,
      _source: archive === true,
      sort: ['_doc'],
      track_total_hits: false,
      ignore_unavailable: true,
    });
    const read = hits.hits.filter(
      (hit): hit is SweptHit =>
        hit._id !== undefined && hit._seq_no != null && hit._primary_term != null
    );
    if (read.length === 0) break;
    const toDelete = archive
      ? await archiveDocuments(es, archiveIndexName(index, now), read, errors)
      : read;
    const deleted = toDelete.length > 0 ? await deleteFenced(es, toDelete, errors) : 0;
    removed += deleted;
    if (deleted > 0) onRemoved?.(document, deleted);
    // A short page was the last; a page where nothing could be deleted waits for the next sweep.
    if (read.length < batchSize || deleted === 0) break;
  }
  if (errors.length > MAX_REPORTED_ERRORS) errors.splice(MAX_REPORTED_ERRORS);
  return removed;
}

/** One `_bulk` of deletes, each fenced by the version read; answers how many were deleted. */
async function deleteFenced(es: Client, hits: SweptHit[], errors: string[]): Promise<number> {
  const operations = hits.map((hit) => ({
    delete: {
      _index: hit._index,
      _id: hit._id,
      if_seq_no: hit._seq_no,
      if_primary_term: hit._primary_term,
    },
  }));
  // Refreshed so the next batch's search no longer finds what this one deleted.
  const response = await es.bulk({ operations, refresh: true });
  let deleted = 0;
  for (const item of response.items) {
    const result = item.delete;
    if (result?.result === 'deleted') deleted++;
    // 409: changed since the search (or deleted and gone: another sweeper won); 404: gone.
    else if (result?.status === 409 || result?.status === 404) continue;
    else
      errors.push(
        `${result?._id} ${result?.status}: ${result?.error?.type} ${result?.error?.reason}`
      );
  }
  return deleted;
}
