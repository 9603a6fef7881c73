// Coalesces concurrent single schedules into shared bulk writes, answering each caller its own item.
import type { PreparedSchedule } from './bulk_schedule';
import { toError } from './lib/to_error';

/** Writes prepared schedules; one answer per item (undefined: scheduled), see `writeSchedules`. */
export type WriteSchedules = (items: PreparedSchedule[]) => Promise<Array<Error | undefined>>;

interface Waiting {
  item: PreparedSchedule;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Default number of schedules one flush writes at most: a bulk of 1,000 tracking documents
 * (about 1 MB with small params) is well under Elasticsearch's 100 MB request limit and still
 * one translog fsync.
 */
const DEFAULT_MAX_BATCH = 1000;

/**
 * Each schedule waits for the next tick (`setImmediate`) and goes out with every other one
 * made in that tick: one mget and one `_bulk` of tracking documents, and one Task Manager
 * `bulkSchedule` per user request, instead of a read and two or three writes each. A lone
 * schedule waits for nothing but the tick. Per-id correctness is the bulk write's: every
 * item is fenced on its own, so two schedules of one id in one flush behave as two concurrent
 * ones did (one wins, the other is refused as already in progress).
 */
export class ScheduleBatcher {
  private waiting: Waiting[] = [];
  private flushQueued = false;

  /**
   * @param maxBatch - schedules per flush; more waiting start another flush at once.
   * @defaultValue 1000
   */
  constructor(
    private readonly write: WriteSchedules,
    private readonly maxBatch = DEFAULT_MAX_BATCH
  ) {}

  /** Resolves once the run is scheduled; rejects with the item's own error. */
  public schedule(item: PreparedSchedule): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.flush();
      else if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushQueued = false;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.write(batch.map(({ item }) => item)).then(
        (errors) =>
          batch.forEach(({ resolve, reject }, i) => {
            const error = errors[i];
            if (error) reject(error);
            else resolve();
          }),
        (caught: unknown) => {
          const error = toError(caught);
          for (const { reject } of batch) reject(error);
        }
      );
    }
  }
}
