// The plugin's configuration (`xpack.background_tasks.*`): one schema, defaults, bounds.
import { schema, type TypeOf } from '@kbn/config-schema';
import { retentionConfigSchema } from './retention/retention_config_schema';
import { healthConfigSchema } from './health/health_config_schema';
import { pushConfigSchema } from './run_now/push_config_schema';

export const configSchema = schema.object(
  {
    /**
     * How long an `in_progress` task may go without a progress signal before its status
     * reads `stale`, in milliseconds. Streams uses 15 minutes; a runner that reports progress
     * more often than this never shows stale.
     * @defaultValue 900000 (15 minutes)
     */
    stale_threshold_ms: schema.number({ defaultValue: 15 * 60 * 1000, min: 100 }),
    /**
     * How often a node checks the tracking documents of the tasks it runs for cancellation,
     * and flushes their progress signals, in milliseconds. One batched read per tick per
     * node, whatever the number of tasks; lower means faster cancellation and more reads.
     * @defaultValue 1000
     */
    cancellation_check_interval_ms: schema.number({ defaultValue: 1000, min: 10, max: 60_000 }),
    /**
     * How many times a fenced read-modify-write of a tracking document is retried from a
     * fresh read after losing a race (version conflict) before giving up.
     * @defaultValue 20
     */
    max_conflict_retries: schema.number({ defaultValue: 20, min: 1, max: 1000 }),
    /**
     * Overrides the tracking index name. For the runtime host and tests only (each test
     * isolates itself with its own index); leave unset in Kibana.
     * @defaultValue '.kibana_background_tasks'
     */
    tracking_index: schema.maybe(schema.string({ minLength: 1 })),
    /**
     * Overrides the Task Manager index pushed tasks are re-read from and finished in. For the
     * runtime host and tests only (it must match Task Manager's index); leave unset in Kibana.
     * @defaultValue '.kibana_task_manager'
     */
    task_index: schema.maybe(schema.string({ minLength: 1 })),
    /** Push execution: see `push_config_schema.ts` for each key. */
    push: pushConfigSchema,
    /** How long finished tracking documents are kept: see `retention_config_schema.ts`. */
    retention: retentionConfigSchema,
    /** The health API's status thresholds: see `health/health_config_schema.ts` for each key. */
    health: healthConfigSchema,
  },
  {
    validate: (config) => {
      if (config.stale_threshold_ms <= config.cancellation_check_interval_ms) {
        return (
          '[stale_threshold_ms] must be greater than [cancellation_check_interval_ms]: ' +
          'progress signals are flushed once per check, so a shorter threshold shows every ' +
          'running task as stale'
        );
      }
    },
  }
);

export type BackgroundTasksConfig = TypeOf<typeof configSchema>;
