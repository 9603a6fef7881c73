// A pushed run's start: decided from the push's read, written only if the run outlasts a short
// delay; a run that ends sooner writes its start with its outcome, in one write.
import type { VersionedTrackingDocument } from './storage/tracking_store';

/**
 * How long a pushed run's start waits before it is written. Readers see `in_progress` from the
 * schedule on either way (the polling hook reads every 2 s); a run shorter than this costs one
 * tracking write instead of two (docs/writes_per_run.md).
 */
export const DEFERRED_START_MS = 1000;

/** A start the push decided, as the run's `startRun` answers it. */
export type DecidedStart =
  /** canceled before it started: already written, nothing runs */
  | { runStartedAt: false }
  /** the run goes ahead; `read` is the tracking document its start is still to be written on */
  | { runStartedAt: string; read: VersionedTrackingDocument };

interface Entry {
  runStartedAt: string | false;
  /** present while the start is not written */
  deferred?: {
    read: VersionedTrackingDocument;
    timer?: NodeJS.Timeout;
    writing?: Promise<void>;
    /** the outcome is being recorded: the timer is off for good */
    ended?: boolean;
  };
}

/**
 * The starts of one node's pushed runs, by task id, from the push's decision to the run's end.
 * Shared by the TaskClients runs record through (each run gets a client of its own).
 */
export class RunStarts {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly delayMs = DEFERRED_START_MS) {}

  public decided(id: string, start: DecidedStart): void {
    this.forget(id);
    this.entries.set(
      id,
      start.runStartedAt === false
        ? { runStartedAt: false }
        : { runStartedAt: start.runStartedAt, deferred: { read: start.read } }
    );
  }

  /**
   * The run begins: answers its start (undefined when the push decided none) and, for a run
   * going ahead, writes the start after the delay through `write`. A failed write leaves the
   * start to be written with the outcome.
   */
  public begin(
    id: string,
    write: (read: VersionedTrackingDocument, runStartedAt: string) => Promise<void>
  ): string | false | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const { runStartedAt, deferred } = entry;
    if (runStartedAt === false) {
      this.entries.delete(id);
      return false;
    }
    if (deferred && !deferred.timer && !deferred.ended) {
      deferred.timer = setTimeout(() => {
        deferred.writing = write(deferred.read, runStartedAt).then(
          () => void (entry.deferred = undefined),
          () => undefined
        );
      }, this.delayMs);
      deferred.timer.unref?.();
    }
    return runStartedAt;
  }

  /**
   * The run ended and records its outcome: the read its start is still to be written on (with
   * the outcome), or undefined when the start is written (or was never deferred here). Kept
   * until `forget`, so an outcome retried after an outage writes the start again.
   */
  public async unwritten(id: string): Promise<VersionedTrackingDocument | undefined> {
    const entry = this.entries.get(id);
    const deferred = entry?.deferred;
    if (!deferred) return undefined;
    deferred.ended = true;
    clearTimeout(deferred.timer);
    await deferred.writing;
    return entry.deferred?.read;
  }

  /** A run that will not happen (or has ended): its start is never written. */
  public forget(id: string): void {
    const deferred = this.entries.get(id)?.deferred;
    if (deferred) clearTimeout(deferred.timer);
    this.entries.delete(id);
  }

  public has(id: string): boolean {
    return this.entries.has(id);
  }

  public get size(): number {
    return this.entries.size;
  }
}
