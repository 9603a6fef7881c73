// The tracking side of an expired claim: the user's task reads failed (or canceled, when a
// cancel was asked), fenced and retried from a fresh read when a concurrent write won.
import type { Client } from '@elastic/elasticsearch';
import { isRefusal, trackingTransitions, type TrackingDocument } from '../../common';
import { isConflict, isNotFound } from './errors';

/**
 * How many fresh reads a write that keeps losing races gets. Each loss means another writer
 * (the node finishing, a user cancelling) changed the document; after a few the next sweep
 * tries again rather than spinning here.
 */
const MAX_ATTEMPTS = 5;

/**
 * Read-modify-write of the tracking document with the state machine's expired-claim
 * transition, written whole (so `run_started_at` goes, as when a node records the end of a
 * run) and fenced by the read's seq_no/primary_term. A refusal (the outcome is already
 * recorded, or the task was re-scheduled) writes nothing.
 */
export async function failTrackingDocument(
  es: Client,
  index: string,
  id: string,
  error: string,
  nowIso: string
): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let read;
    try {
      read = await es.get<TrackingDocument>({ index, id, realtime: true });
    } catch (thrown) {
      if (isNotFound(thrown)) return; // a task without tracking: nothing to tell
      throw thrown;
    }
    if (!read._source) return;
    const next = trackingTransitions.expireClaim(read._source, error, nowIso);
    if (isRefusal(next)) return;
    try {
      await es.index({
        index,
        id,
        document: next.doc,
        if_seq_no: read._seq_no,
        if_primary_term: read._primary_term,
        refresh: false,
      });
      return;
    } catch (thrown) {
      if (!isConflict(thrown)) throw thrown;
    }
  }
}
