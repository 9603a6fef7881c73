// Kibana's poll interval management for the mget claimer: slower polling while the node is idle.

/** The poll interval while the node's capacity is less than 25% used, in ms. */
export const LOW_UTILIZATION_POLL_INTERVAL = 3000;
/** How often the poll interval is reconsidered, in ms. */
export const ADJUST_THROUGHPUT_INTERVAL = 10 * 1000;
/** The window the capacity usage is averaged over, in ms. */
export const UTILIZATION_WINDOW = 15 * 1000;
/** Below this average usage (percent) the node polls at the low-utilization interval. */
const LOW_UTILIZATION_THRESHOLD = 25;

/**
 * Tracks capacity usage samples (one per poll) and answers the poll interval: the configured one,
 * or 3 s after a 10 s check found usage averaging under 25% over the last 15 s.
 */
export class PollInterval {
  private samples: Array<{ at: number; percent: number }> = [];
  private current: number;
  private lastAdjusted: number;

  constructor(
    private readonly configured: number,
    now: number = Date.now()
  ) {
    this.current = configured;
    this.lastAdjusted = now;
  }

  /** Records the percentage of capacity in use at a poll. */
  public record(percent: number, now: number = Date.now()): void {
    this.samples.push({ at: now, percent });
    this.samples = this.samples.filter((sample) => sample.at > now - UTILIZATION_WINDOW);
  }

  /** The interval until the next poll, in ms. */
  public get(now: number = Date.now()): number {
    if (now - this.lastAdjusted >= ADJUST_THROUGHPUT_INTERVAL) {
      this.lastAdjusted = now;
      if (this.configured < LOW_UTILIZATION_POLL_INTERVAL) {
        const average = this.samples.length
          ? this.samples.reduce((sum, s) => sum + s.percent, 0) / this.samples.length
          : 0;
        this.current =
          average < LOW_UTILIZATION_THRESHOLD ? LOW_UTILIZATION_POLL_INTERVAL : this.configured;
      }
    }
    return this.current;
  }
}
