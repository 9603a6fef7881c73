// Kibana's poll interval management for the mget claimer: slower polling while the node is idle.
// Kibana: x-pack/platform/plugins/shared/task_manager/server/lib/create_managed_configuration.ts

/** The poll interval while the node's capacity is less than 25% used, in ms. */
export const LOW_UTILIZATION_POLL_INTERVAL = 3000;
/** How often the poll interval is reconsidered (one utilization sample each time), in ms. */
export const ADJUST_THROUGHPUT_INTERVAL = 10 * 1000;
/**
 * Kibana's `WORKER_UTILIZATION_RUNNING_AVERAGE_WINDOW_SIZE_MS`: divided by the configured poll
 * interval it gives the number of samples averaged (30 at 500 ms). Kibana names it 15 s, but
 * a sample is taken per 10 s adjustment, so 30 samples span 5 minutes.
 */
export const UTILIZATION_WINDOW = 15 * 1000;
/** Below this average usage (percent) the node polls at the low-utilization interval. */
const LOW_UTILIZATION_THRESHOLD = 25;

/**
 * Answers the poll interval as Kibana's `createPollIntervalScan` does: every 10 s the latest
 * utilization (set at the end of each poll cycle, 0 before the first) joins a running window of
 * `UTILIZATION_WINDOW / poll_interval` samples; a mean under 25% polls every 3 s, otherwise at
 * the configured interval. Ticks are counted lazily, each with the utilization of its time.
 */
export class PollInterval {
  private readonly windowSize: number;
  private readonly queue: number[] = [];
  private latest = 0;
  private nextTick: number;
  private current: number;

  constructor(
    private readonly configured: number,
    now: number = Date.now()
  ) {
    this.current = configured;
    this.windowSize = Math.max(1, Math.round(UTILIZATION_WINDOW / configured));
    this.nextTick = now + ADJUST_THROUGHPUT_INTERVAL;
  }

  /**
   * Records the percentage of capacity in use at the end of a poll cycle (Kibana's
   * `currentTmUtilization$`); the caller passes 100 when due tasks were left unclaimed.
   */
  public record(percent: number, now: number = Date.now()): void {
    this.tick(now);
    this.latest = percent;
  }

  /** The interval until the next poll, in ms. */
  public get(now: number = Date.now()): number {
    this.tick(now);
    return this.current;
  }

  /** The mean utilization over the window (percent), as last computed. */
  public averageUtilization(): number {
    return this.queue.length ? this.queue.reduce((sum, p) => sum + p, 0) / this.queue.length : 0;
  }

  private tick(now: number): void {
    while (now >= this.nextTick) {
      this.nextTick += ADJUST_THROUGHPUT_INTERVAL;
      this.queue.push(this.latest);
      if (this.queue.length > this.windowSize) this.queue.shift();
      if (this.configured < LOW_UTILIZATION_POLL_INTERVAL) {
        this.current =
          this.averageUtilization() < LOW_UTILIZATION_THRESHOLD
            ? LOW_UTILIZATION_POLL_INTERVAL
            : this.configured;
      }
    }
  }
}
