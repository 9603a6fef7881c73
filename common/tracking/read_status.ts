// The status a tracking document reads as: its stored status, or `stale`, computed at read time.
import { BackgroundTaskStatus as S } from './background_task_status';
import type { TrackingDocument } from './tracking_document';

/**
 * An `in_progress` task is stale when its progress signal (`updated_at`) is older than the
 * threshold: its runner hung, or the node running it died.
 * Only a started run can go stale: `run_started_at` is set when a run starts and cleared when it
 * ends, so a task waiting for its `runAt` (or a recurring one between runs) never reads stale.
 *
 * @param now - the reading time, in ms since the epoch
 * @param staleThresholdMs - how long a running task may stay silent, in ms
 */
export function isStale(doc: TrackingDocument, now: number, staleThresholdMs: number): boolean {
  if (doc.status !== S.InProgress || !doc.run_started_at) return false;
  const signal = Date.parse(doc.updated_at);
  return Number.isNaN(signal) || now - signal > staleThresholdMs;
}

/** The status as answered to users: `stale` is never stored, so it is derived here. */
export function readStatus(
  doc: TrackingDocument,
  now: number,
  staleThresholdMs: number
): Exclude<S, typeof S.NotStarted> {
  return isStale(doc, now, staleThresholdMs) ? S.Stale : doc.status;
}

/**
 * `isStale` as an Elasticsearch query over the stored fields, for listing by status (an
 * unreadable `updated_at` cannot be matched by a range; such a document reads stale only
 * once fetched). A plain object, so `common/` stays free of the client's types.
 */
export function staleQuery(now: number, staleThresholdMs: number) {
  const staleBefore = new Date(now - staleThresholdMs).toISOString();
  return {
    bool: {
      filter: [
        { term: { status: S.InProgress } },
        { exists: { field: 'run_started_at' } },
        { range: { updated_at: { lt: staleBefore } } },
      ],
    },
  };
}
