// A task type's retention policy: the node's settings, each overridden by the type's own.
import { RETAINED_STATUSES, type RetentionPolicy } from '../../common';
import { parseIntervalAsMillisecond } from '../../common/task_schedule';
import type { RetentionSettings } from '../types';
import { retentionDurationError, type RetentionConfig } from './retention_config_schema';

/**
 * The policy (ms per final status) of a type whose definition sets `type`. Throws naming the
 * key on a value that is not a duration, so a bad registration fails at setup.
 */
export function resolveRetention(
  node: RetentionConfig,
  type: RetentionSettings = {}
): RetentionPolicy {
  const policy = {} as RetentionPolicy;
  for (const status of RETAINED_STATUSES) {
    const value = type[status] ?? node[status];
    const error = retentionDurationError(value);
    if (error) throw new Error(`[retention.${status}]: ${error}`);
    policy[status] = parseIntervalAsMillisecond(value);
  }
  return policy;
}
