// Retention of finished tracking documents: how long each final status is kept, and the
// `retain_until` date a document reaching one is stamped with (the sweep deletes by that date).
import { BackgroundTaskStatus as S, FINAL_STATUSES } from './background_task_status';
import type { TrackingDocument } from './tracking_document';

/** The statuses a run ends in, each with its own retention. */
export type RetainedStatus =
  typeof S.Completed | typeof S.Acknowledged | typeof S.Canceled | typeof S.Failed;

export const RETAINED_STATUSES: readonly RetainedStatus[] = FINAL_STATUSES as RetainedStatus[];

/** How long a finished tracking document is kept after it reached each final status, in ms. */
export type RetentionPolicy = Record<RetainedStatus, number>;

/**
 * The document as written: in a final status it is stamped `retain_until` = `now` + its
 * policy's retention for that status; in any other status it has none, so a re-scheduled or
 * retried run is never swept. A document without a policy (scheduled before retention existed)
 * gets no stamp and is kept, as it was before.
 */
export function withRetention(doc: TrackingDocument, now: string): TrackingDocument {
  const { retain_until: _previous, ...rest } = doc;
  const keepMs = isRetained(doc.status) ? doc.retention?.[doc.status] : undefined;
  if (keepMs === undefined) return rest;
  return { ...rest, retain_until: new Date(Date.parse(now) + keepMs).toISOString() };
}

function isRetained(status: TrackingDocument['status']): status is RetainedStatus {
  return (RETAINED_STATUSES as readonly string[]).includes(status);
}
