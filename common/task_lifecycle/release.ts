// Release: a claim given back unrun (push refused or failed, node shutting down, no room).
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { taskUpdate, type TaskFence, type TaskUpdateWrite } from './task_write';

/**
 * The task is idle and unowned again with the attempts it had before the claim: a claim
 * adds exactly one attempt, and a run that never started must not use one up. Fenced by the
 * claim's version, so a claim that changed since (finished, claimed again) is left alone.
 */
export function releaseWrite(
  claimed: Pick<ConcreteTaskInstance, 'id' | 'attempts'>,
  { fence, now }: { fence: TaskFence; now: Date }
): TaskUpdateWrite {
  return taskUpdate(
    claimed.id,
    fence,
    {
      status: 'idle' as ConcreteTaskInstance['status'],
      ownerId: null,
      startedAt: null,
      retryAt: null,
      attempts: Math.max(0, claimed.attempts - 1),
    },
    now
  );
}
