// One per node: a single timer reads the tracking docs of all running tasks in one mget per tick.
import type { Logger } from '@kbn/core/server';
import { trackingTransitions } from '../common';
import { toError } from './lib/to_error';
import type { ProgressTouch, TrackingStore } from './storage/tracking_store';

/** What a running task holds while it is watched. */
export interface WatchHandle {
  /** buffers a progress signal, written with the next tick's bulk */
  reportProgress: () => void;
  /** stops watching; the timer stops when nothing is watched */
  stop: () => void;
}

interface Watched {
  id: string;
  onCancel: () => void;
  canceled: boolean;
  /** ISO date of a progress signal not written yet */
  pendingProgress?: string;
}

/**
 * Cancellation must not cost a read per task per second: a node running hundreds of tasks
 * does one mget and at most one bulk per tick. The timer is a chained setTimeout, so a slow
 * Elasticsearch never gets overlapping ticks, and it only exists while something is watched.
 */
export class CancellationWatcher {
  private readonly watched = new Set<Watched>();
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;

  constructor(
    private readonly store: TrackingStore,
    private readonly intervalMs: number,
    private readonly logger: Logger
  ) {}

  /**
   * Calls `onCancel` once, at the first tick that finds the task's tracking document
   * `being_canceled`, already `canceled`, or gone (deleted).
   */
  public watch(id: string, onCancel: () => void): WatchHandle {
    const entry: Watched = { id, onCancel, canceled: false };
    this.watched.add(entry);
    this.arm();
    return {
      reportProgress: () => {
        entry.pendingProgress = new Date().toISOString();
      },
      stop: () => {
        this.watched.delete(entry);
        if (this.watched.size === 0) this.disarm();
      },
    };
  }

  /** How many runs are watched (for tests and metrics). */
  public get size(): number {
    return this.watched.size;
  }

  /** Stops the timer for good; runs still watched are no longer checked. */
  public stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private arm() {
    if (this.timer || this.stopped || this.watched.size === 0) return;
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private disarm() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    try {
      await this.check([...this.watched]);
    } catch (caught) {
      // Infrastructure, not a task failure: the runs go on and the next tick tries again.
      this.logger.error(`Cancellation check failed: ${toError(caught).message}`, {
        tags: ['infrastructure'],
      });
    } finally {
      this.timer = undefined;
      this.arm();
    }
  }

  private async check(entries: Watched[]): Promise<void> {
    const docs = await this.store.mget([...new Set(entries.map((entry) => entry.id))]);
    const touches = new Map<string, { touch: ProgressTouch; entries: Watched[] }>();
    for (const entry of entries) {
      if (entry.canceled) continue;
      const current = docs.get(entry.id);
      if (trackingTransitions.runMustStop(current?.doc)) {
        entry.canceled = true;
        entry.onCancel();
      } else if (
        current &&
        entry.pendingProgress &&
        trackingTransitions.acceptsProgress(current.doc)
      ) {
        const updatedAt = entry.pendingProgress;
        const existing = touches.get(entry.id);
        if (existing) existing.entries.push(entry);
        else {
          const { seqNo, primaryTerm } = current;
          touches.set(entry.id, {
            touch: { id: entry.id, seqNo, primaryTerm, updatedAt },
            entries: [entry],
          });
        }
      }
    }
    const lost = new Set(await this.store.bulkTouch([...touches.values()].map((t) => t.touch)));
    for (const { touch, entries: touched } of touches.values()) {
      if (lost.has(touch.id)) continue; // the doc changed meanwhile: retried next tick
      for (const entry of touched) {
        if (entry.pendingProgress === touch.updatedAt) entry.pendingProgress = undefined;
      }
    }
  }
}
