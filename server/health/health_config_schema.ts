// The `health.*` settings: the thresholds of the health API's status rules and its window.
import { schema, type TypeOf } from '@kbn/config-schema';

export const healthConfigSchema = schema.object(
  {
    /**
     * Drift (how late the oldest due, unclaimed task is) at which the status turns `warn`, in
     * milliseconds. A dispatcher claims due tasks within its poll interval (1 s by default),
     * so a minute of drift means push execution does not keep up. Kibana's Task Manager warns
     * about tasks starting a minute late (`warn_delayed_task_start_in_seconds`).
     * @defaultValue 60000 (1 minute)
     */
    drift_warn_ms: schema.number({ defaultValue: 60_000, min: 1 }),
    /**
     * Drift at which the status turns `error`, in milliseconds.
     * @defaultValue 300000 (5 minutes)
     */
    drift_error_ms: schema.number({ defaultValue: 300_000, min: 1 }),
    /**
     * A node is live while its last heartbeat is younger than this many of its own heartbeat
     * intervals: the dispatcher's `nodes.missed_heartbeats`, whose default this matches.
     * @defaultValue 3
     */
    missed_heartbeats: schema.number({ defaultValue: 3, min: 1, max: 100 }),
    /**
     * The recent window runs per minute and failure ratios are computed over, in milliseconds.
     * @defaultValue 300000 (5 minutes)
     */
    window_ms: schema.number({ defaultValue: 300_000, min: 1000, max: 24 * 60 * 60 * 1000 }),
    /**
     * The share of a type's runs in the window that failed at which the status turns `warn`,
     * from 0 to 1. Task Manager's `monitored_task_execution_thresholds` warn at 80 %.
     * @defaultValue 0.8
     */
    failure_ratio_warn: schema.number({ defaultValue: 0.8, min: 0, max: 1 }),
    /**
     * The share at which it turns `error` (Task Manager: 90 %).
     * @defaultValue 0.9
     */
    failure_ratio_error: schema.number({ defaultValue: 0.9, min: 0, max: 1 }),
    /**
     * The fewest runs of a type in the window before its failure ratio counts: one failed
     * run out of one says little.
     * @defaultValue 5
     */
    failure_min_runs: schema.number({ defaultValue: 5, min: 1 }),
  },
  {
    validate: (health) => {
      if (health.drift_error_ms < health.drift_warn_ms) {
        return '[health.drift_error_ms] must not be less than [health.drift_warn_ms]';
      }
      if (health.failure_ratio_error < health.failure_ratio_warn) {
        return '[health.failure_ratio_error] must not be less than [health.failure_ratio_warn]';
      }
    },
  }
);

export type HealthConfig = TypeOf<typeof healthConfigSchema>;
