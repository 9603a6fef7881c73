// The tracking side of an expired claim: the user's task reads failed (or canceled, when a
// cancel was asked), fenced and retried from a fresh read when a concurrent write won.
import type { Client } from '@elastic/elasticsearch';
import { isConflict, isNotFound } from './errors';

/** Tracking statuses that an expired task may still overwrite (the others are final). */
const OPEN_TRACKING_STATUSES = new Set(['in_progress', 'being_canceled']);

interface TrackingSource {
  status?: string;
  task?: Record<string, unknown>;
}

/** Read-modify-write of the tracking document, fenced, retried when a concurrent write won. */
export async function failTrackingDocument(
  es: Client,
  index: string,
  id: string,
  error: string,
  nowIso: string
) {
  for (let attempt = 0; attempt < 5; attempt++) {
    let doc;
    try {
      doc = await es.get<TrackingSource>({ index, id, realtime: true });
    } catch (thrown) {
      if (isNotFound(thrown)) return; // a task without tracking: nothing to tell
      throw thrown;
    }
    const current = doc._source?.status;
    if (current === undefined || !OPEN_TRACKING_STATUSES.has(current)) return;
    // A cancel was asked and the task no longer runs anywhere: it ends canceled, not failed.
    const fields =
      current === 'being_canceled'
        ? { status: 'canceled', last_canceled_at: nowIso }
        : { status: 'failed', last_failed_at: nowIso, task: { ...doc._source?.task, error } };
    try {
      await es.update({
        index,
        id,
        if_seq_no: doc._seq_no,
        if_primary_term: doc._primary_term,
        refresh: false,
        doc: { ...fields, updated_at: nowIso },
      });
      return;
    } catch (thrown) {
      if (!isConflict(thrown)) throw thrown;
    }
  }
}
