// Expiry: a lapsed claim with no attempts left is settled instead of being claimed again.
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { getNextRunAt } from '../task_schedule';
import { taskUpdate, type TaskFence, type TaskUpdateWrite } from './task_write';

export interface ExpireWriteOptions {
  /** the version the lapsed claim was read at */
  fence: TaskFence;
  /** ms, as for the next run of a finished recurring task (see `finishWrite`). @defaultValue 0 */
  pollInterval?: number;
  now: Date;
}

/**
 * The write settling a lapsed claim (see `isLapsedClaim`) that is out of attempts (see
 * `isOutOfAttempts`): a one-shot task fails, a recurring one is idle at its next run (the
 * same next-run rule as a finished run) with attempts 0; both unowned, run fields cleared.
 */
export function expireWrite(
  task: Pick<ConcreteTaskInstance, 'id' | 'runAt' | 'startedAt' | 'schedule'>,
  { fence, pollInterval, now }: ExpireWriteOptions
): TaskUpdateWrite {
  const cleared = { ownerId: null, startedAt: null, retryAt: null };
  if (!task.schedule) {
    return taskUpdate(
      task.id,
      fence,
      { status: 'failed' as ConcreteTaskInstance['status'], ...cleared },
      now
    );
  }
  const runAt = getNextRunAt(task, pollInterval, now);
  return taskUpdate(
    task.id,
    fence,
    {
      status: 'idle' as ConcreteTaskInstance['status'],
      runAt: runAt.toISOString(),
      attempts: 0,
      ...cleared,
    },
    now
  );
}
