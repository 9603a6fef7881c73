// The fenced read-modify-write every tracking-document change goes through.
import type { TrackingDocument } from '../../common';
import { TaskConflictError } from '../errors';
import { isVersionConflict } from '../lib/es_errors';
import type { TrackingStore, VersionedTrackingDocument } from './tracking_store';

/** What to do with the document just read: write it, delete it, or leave it; and the answer. */
export type FencedDecision<R> =
  { write: TrackingDocument; result: R } | { remove: true; result: R } | { result: R };

/**
 * Reads the document, lets `decide` choose from that read, and writes fenced by the read's
 * seq_no/primary_term (or op_type create when there was none). When another writer got
 * there first, the whole decision is taken again from a fresh read: so a cancel racing a
 * completion sees the completion (or vice versa) instead of overwriting it. `decide` must be
 * pure apart from throwing, as it may run several times.
 */
export async function fencedUpdate<R>(
  store: TrackingStore,
  id: string,
  decide: (current: VersionedTrackingDocument | undefined) => FencedDecision<R>,
  maxRetries: number
): Promise<R> {
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    const current = await store.get(id);
    const decision = decide(current);
    try {
      if ('write' in decision) {
        if (current) await store.replace(decision.write, current);
        else await store.create(decision.write);
      } else if ('remove' in decision && current) {
        await store.delete(id, current);
      }
      return decision.result;
    } catch (error) {
      if (!isVersionConflict(error)) throw error;
    }
  }
  throw new TaskConflictError(
    `Task [${id}] kept changing: gave up after ${maxRetries + 1} conflicting writes`
  );
}
