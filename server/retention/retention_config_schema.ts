// The `retention.*` settings: how long finished tracking documents are kept, per final status.
import { schema, type TypeOf } from '@kbn/config-schema';
import { isInterval } from '../../common/task_schedule';

/** Why `value` is not a retention duration, or undefined when it is one. */
export function retentionDurationError(value: string): string | undefined {
  return isInterval(value)
    ? undefined
    : `must be a duration {integer}{s|m|h|d} such as 7d, got [${value}]`;
}

/**
 * A duration in Task Manager's interval format, the one a type's `timeout` uses (the
 * config-schema stand-in has no `schema.duration`, which needs moment).
 */
const duration = (defaultValue: string) =>
  schema.string({ defaultValue, validate: retentionDurationError });

/**
 * Each final status counts from the moment the document reached it; a type may set its own at
 * registration (`retention` of its definition). The dispatcher leader sweeps expired documents.
 */
export const retentionConfigSchema = schema.object({
  /**
   * A completed run whose result nobody acknowledged: kept a month for its user to read.
   * @defaultValue '30d'
   */
  completed: duration('30d'),
  /** An acknowledged run: its user has seen the result. @defaultValue '7d' */
  acknowledged: duration('7d'),
  /** A canceled run: someone chose to stop it. @defaultValue '7d' */
  canceled: duration('7d'),
  /** A failed run: kept a month for its user or an operator to investigate. @defaultValue '30d' */
  failed: duration('30d'),
});

export type RetentionConfig = TypeOf<typeof retentionConfigSchema>;
