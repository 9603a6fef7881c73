// Runs the claim cycle again and again, one poll interval after the previous cycle ended.
import type { Logger } from '@kbn/core/server';
import { toError } from '../errors';

export interface TaskPollerOptions {
  /** one claim cycle */
  work: () => Promise<void>;
  /** the wait before the next cycle, in ms */
  getInterval: () => number;
  logger: Logger;
}

export class TaskPoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

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
      this.running = this.cycle().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.opts.getInterval());
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
