// How many attempts a one-shot task gets, and whether a claim that lapsed has any left.
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import type { TaskTimingDefinition } from '../task_schedule';

/** The subset of a task definition the lifecycle reads. */
export interface TaskLifecycleDefinition extends TaskTimingDefinition {
  /** attempts before a one-shot task fails for good. @defaultValue the caller's default */
  maxAttempts?: number;
}

/** Max attempts of a task's type: its own, else `defaultMaxAttempts`. */
export function maxAttemptsOf(
  definition: TaskLifecycleDefinition | undefined,
  defaultMaxAttempts: number
): number {
  return definition?.maxAttempts ?? defaultMaxAttempts;
}

/**
 * Whether a lapsed claim (status running, `retryAt` passed; `attempts` counts the runs claimed
 * so far) has used up its attempts: claiming it again would start attempt `maxAttempts + 1`,
 * so it expires instead (see `expireWrite`).
 */
export function isOutOfAttempts(
  task: Pick<ConcreteTaskInstance, 'attempts'>,
  maxAttempts: number
): boolean {
  return task.attempts >= maxAttempts;
}
