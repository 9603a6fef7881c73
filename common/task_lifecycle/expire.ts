// Expiry: a lapsed claim with no attempts left is settled instead of being claimed again.
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { tryGetNextRunAt } from '../task_schedule';
import { taskUpdate, type TaskFence, type TaskUpdateWrite } from './task_write';

export interface ExpireWriteOptions {
  /** the version the lapsed claim was read at */
  fence: TaskFence;
  /** ms, as for the next run of a finished recurring task (see `finishWrite`). @defaultValue 0 */
  pollInterval?: number;
  now: Date;
}

/** The expiry write; `reason` says why a recurring task failed (its schedule has no next run). */
export type ExpireWrite = TaskUpdateWrite & { reason?: string };

/**
 * The write settling a lapsed claim (see `isLapsedClaim`) that is out of attempts (see
 * `isOutOfAttempts`): a one-shot task fails, a recurring one is idle at its next run (the
 * same next-run rule as a finished run) with attempts 0, or fails with a `reason` when that
 * next run cannot be computed; all unowned, run fields cleared.
 */
export function expireWrite(
  task: Pick<ConcreteTaskInstance, 'id' | 'runAt' | 'startedAt' | 'schedule'>,
  { fence, pollInterval, now }: ExpireWriteOptions
): ExpireWrite {
  const cleared = { ownerId: null, startedAt: null, retryAt: null };
  if (!task.schedule) {
    return taskUpdate(
      task.id,
      fence,
      { status: 'failed' as ConcreteTaskInstance['status'], ...cleared },
      now
    );
  }
  const next = tryGetNextRunAt(task, pollInterval, now);
  if ('error' in next) {
    // A schedule with no next run (a stored document no route would accept) fails with the
    // reason instead of throwing: a throw here leaves the claim lapsed, swept again each cycle.
    const failed = { status: 'failed' as ConcreteTaskInstance['status'], ...cleared };
    return { ...taskUpdate(task.id, fence, failed, now), reason: next.error };
  }
  return taskUpdate(
    task.id,
    fence,
    {
      status: 'idle' as ConcreteTaskInstance['status'],
      runAt: next.runAt.toISOString(),
      attempts: 0,
      ...cleared,
    },
    now
  );
}
