// One per node: a single timer reads the tracking docs of all running tasks in one mget per tick.
import type { Logger } from '@kbn/core/server';
import { trackingTransitions, type TaskProgress } from '../common';
import { normalizeProgress } from './lib/normalize_progress';
import { toError } from './lib/to_error';
import type { ProgressTouch, TrackingStore } from './storage/tracking_store';
import type { BackgroundTaskProgress } from './types';

/** What a running task holds while it is watched. */
export interface WatchHandle {
  /**
   * Buffers a progress signal, written with the next tick's bulk. Given fields replace the
   * run's last ones, absent fields keep them (a bare call only refreshes the signal). Throws
   * a `TypeError` naming the field for a `value` outside 0..1.
   */
  reportProgress: (progress?: BackgroundTaskProgress) => void;
  /** stops watching; the timer stops when nothing is watched */
  stop: () => void;
}

interface Watched {
  id: string;
  onCancel: () => void;
  canceled: boolean;
  /** the run's latest report, kept so a bare signal does not erase its value or message */
  latest: BackgroundTaskProgress;
  /** a progress report not written yet */
  pendingProgress?: TaskProgress;
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
    const entry: Watched = { id, onCancel, canceled: false, latest: {} };
    this.watched.add(entry);
    this.arm();
    return {
      reportProgress: (progress) => {
        entry.latest = { ...entry.latest, ...normalizeProgress(progress) };
        entry.pendingProgress = { ...entry.latest, at: new Date().toISOString() };
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
    // Each entry with the report it had at read time: a later report is a new object.
    const touches = new Map<
      string,
      { touch: ProgressTouch; entries: Array<{ entry: Watched; sent: TaskProgress }> }
    >();
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
        const progress = entry.pendingProgress;
        const existing = touches.get(entry.id);
        if (existing) {
          existing.entries.push({ entry, sent: progress });
          // Two runs watching one id: the latest report wins.
          if (progress.at >= existing.touch.progress.at) existing.touch.progress = progress;
        } else {
          const { seqNo, primaryTerm } = current;
          touches.set(entry.id, {
            touch: { id: entry.id, seqNo, primaryTerm, progress },
            entries: [{ entry, sent: progress }],
          });
        }
      }
    }
    const lost = new Set(await this.store.bulkTouch([...touches.values()].map((t) => t.touch)));
    for (const { touch, entries: touched } of touches.values()) {
      if (lost.has(touch.id)) continue; // the doc changed meanwhile: retried next tick
      for (const { entry, sent } of touched) {
        // A report made while the bulk was on its way is still pending: the next tick writes it.
        if (entry.pendingProgress === sent) entry.pendingProgress = undefined;
      }
    }
  }
}
