// Runs the claim cycle again and again, one poll interval after the previous cycle started.
// Kibana: x-pack/platform/plugins/shared/task_manager/server/polling/task_poller.ts
import type { Logger } from '@kbn/core/server';
import { toError } from '../errors';

export interface TaskPollerOptions {
  /** one claim cycle */
  work: () => Promise<void>;
  /** the poll interval, in ms; the wait after a cycle is this minus the cycle's own time */
  getInterval: () => number;
  logger: Logger;
}

export class TaskPoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private nudgedDuringCycle = false;

  constructor(private readonly opts: TaskPollerOptions) {}

  /** Starts polling; the first cycle runs at once. */
  public start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Whether a next cycle is pending or running. */
  public get isPolling(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  /**
   * Runs a cycle now instead of at the next interval (Kibana's claim nudge, from `runSoon` or
   * `requestImmediateClaim`); nudges during a cycle coalesce into one cycle right after it.
   */
  public nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.nudgedDuringCycle = true;
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Stops polling and waits for a cycle in progress; no timer is left behind. */
  public async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const started = Date.now();
      this.running = this.cycle().finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        // Kibana waits out the rest of the interval: a 200 ms cycle at 500 ms polls every 500 ms
        const rest = Math.max(this.opts.getInterval() - (Date.now() - started), 0);
        this.schedule(this.nudgedDuringCycle ? 0 : rest);
        this.nudgedDuringCycle = false;
      });
    }, delay);
  }

  private async cycle(): Promise<void> {
    try {
      await this.opts.work();
    } catch (caught) {
      // Elasticsearch unreachable or overloaded: an infrastructure error, retried next cycle
      this.opts.logger.error(`Failed to poll for work: ${toError(caught).message}`, {
        tags: ['task-poller-error'],
      });
    }
  }
}
