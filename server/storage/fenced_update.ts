// The fenced read-modify-write every tracking-document change goes through.
import type { TrackingDocument } from '../../common';
import { TaskConflictError } from '../errors';
import { isVersionConflict } from '../lib/es_errors';
import type { TrackingStore, VersionedTrackingDocument } from './tracking_store';

/** What to do with the document just read: write it, delete it, or leave it; and the answer. */
export type FencedDecision<R> =
  { write: TrackingDocument; result: R } | { remove: true; result: R } | { result: R };

/** Chooses from the document as read (undefined: there is none) what to write and answer. */
export type FencedDecide<R> = (current: VersionedTrackingDocument | undefined) => FencedDecision<R>;

export interface FencedUpdateOptions {
  /**
   * The document as this caller last wrote it (e.g. a run's start, for its finish): the first
   * decision is taken from it instead of a read. A document changed since costs a 409 and a
   * fresh read, as any lost race does; a decision to leave it alone is taken again from a read.
   * @defaultValue none: the first decision reads
   */
  known?: VersionedTrackingDocument;
  /** told the document as written (undefined after a delete or when it was left alone) */
  onWritten?: (written: VersionedTrackingDocument | undefined) => void;
}

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
  decide: FencedDecide<R>,
  maxRetries: number,
  { known, onWritten }: FencedUpdateOptions = {}
): Promise<R> {
  let assumed = known;
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    const fromKnown = assumed !== undefined;
    // A decision from what this caller wrote costs no attempt of the conflict budget's: only
    // decisions from reads race other writers.
    if (fromKnown) attempt--;
    const current = assumed ?? (await store.get(id));
    assumed = undefined;
    const decision = decide(current);
    try {
      if ('write' in decision) {
        const written = current
          ? await store.replace(decision.write, current)
          : await store.create(decision.write);
        onWritten?.(written ?? undefined);
      } else if ('remove' in decision && current) {
        await store.delete(id, current);
        onWritten?.(undefined);
      } else if (fromKnown) {
        // Decided from what this caller wrote, not from what is stored now: read and decide again.
        continue;
      } else {
        onWritten?.(undefined);
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
