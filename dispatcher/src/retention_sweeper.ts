// Runs the retention sweep on an interval while this dispatcher leads: one sweeper at a time,
// counted in metrics and logged.
import type { Client } from '@elastic/elasticsearch';
import type { DispatcherConfig } from './config';
import { describeError } from './errors';
import type { Leadership } from './leader_lease';
import type { Logger } from './logger';
import type { DispatcherMetrics } from './metrics';
import { sweepFinished } from './sweep_finished';

export interface RetentionSweeperDeps {
  es: Client;
  config: Pick<DispatcherConfig, 'indices' | 'scope' | 'retention'>;
  leadership: Leadership;
  metrics: DispatcherMetrics;
  logger: Logger;
  /** the sweep's clock. @defaultValue () => new Date() */
  now?: () => Date;
}

/**
 * Only the leader sweeps, so the cluster runs one sweep at a time; a leader deposed mid-sweep
 * stops at its next batch, and its fenced deletes cannot harm what the new leader keeps.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: RetentionSweeperDeps) {}

  /** Sweeps every `retention.sweep_interval_ms` (the first one interval after start); 0: never. */
  start(): void {
    if (this.deps.config.retention.sweep_interval_ms > 0) this.schedule();
  }

  /** No further sweeps; waits for one under way to end its batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweepIfLeader().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.deps.config.retention.sweep_interval_ms);
  }

  /** One sweep when leading; errors are logged and the next interval tries again. */
  async sweepIfLeader(): Promise<void> {
    const { es, config, leadership, metrics, logger } = this.deps;
    if (!leadership.isLeader()) return;
    const { batch_size, max_batches, failed_tasks_ms, archive } = config.retention;
    try {
      const result = await sweepFinished(es, {
        trackingIndex: config.indices.tracking,
        tasksIndex: config.indices.tasks,
        scope: config.scope,
        failedTaskRetentionMs: failed_tasks_ms,
        batchSize: batch_size,
        maxBatches: max_batches,
        archive,
        now: (this.deps.now ?? (() => new Date()))(),
        shouldContinue: () => !this.stopped && leadership.isLeader(),
        onRemoved: (document, count) => metrics.retentionRemoved.inc({ document }, count),
      });
      if (result.tracking > 0 || result.tasks > 0) {
        logger.info(
          `Retention sweep ${archive ? 'archived and ' : ''}removed ${result.tracking} tracking documents and ${result.tasks} failed task documents`,
          { retention: { tracking: result.tracking, tasks: result.tasks } }
        );
      }
      if (result.errors.length > 0) {
        logger.warn('Retention sweep could not delete some documents; the next sweep retries', {
          retention: { errors: result.errors },
        });
      }
    } catch (error) {
      metrics.esErrors.inc();
      logger.warn(`Retention sweep failed: ${describeError(error)}`);
    }
  }
}
