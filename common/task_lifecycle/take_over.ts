// Take-over: a node that accepts a pushed claim restarts its clock at the real start of the run.
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { taskUpdate, type TaskFence, type TaskUpdateWrite } from './task_write';

/**
 * `startedAt` becomes now and `retryAt` moves by as much, so the claim lasts the type's
 * timeout from the real start rather than from the dispatcher's claim. Fenced by the pushed
 * claim's version: exactly one of this write and the dispatcher's release wins.
 */
export function takeOverWrite(
  task: Pick<ConcreteTaskInstance, 'id' | 'startedAt' | 'retryAt'>,
  { fence, now }: { fence: TaskFence; now: Date }
): TaskUpdateWrite {
  const shift = task.startedAt ? Math.max(0, now.getTime() - task.startedAt.getTime()) : 0;
  const retryAt = task.retryAt ? new Date(task.retryAt.getTime() + shift) : null;
  return taskUpdate(
    task.id,
    fence,
    { startedAt: now.toISOString(), retryAt: retryAt?.toISOString() ?? null },
    now
  );
}
