// Claim: which task documents may be claimed, and what a claim writes.
// Kibana: x-pack/platform/plugins/shared/task_manager/server/task_claimers/strategy_mget.ts
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { getRetryAt } from '../task_schedule';
import type { TaskTimingDefinition } from '../task_schedule';
import { toOwnerId } from './owner_id';
import { taskUpdate, type TaskFence, type TaskUpdateWrite } from './task_write';

/** The fields of a task the claim rules read. */
export type ClaimableTask = Pick<
  ConcreteTaskInstance,
  'id' | 'status' | 'runAt' | 'retryAt' | 'attempts' | 'schedule' | 'timeoutOverride' | 'enabled'
>;

/** Statuses of a claim that may lapse (its `retryAt` passes) and be claimed again. */
export const CLAIMED_STATUSES = ['running', 'claiming'] as const;

/**
 * The query filter every claim search needs, as Kibana's claim query: `enabled: true`. A
 * document without the field (written before Kibana 8.2) is not claimed, by anyone.
 */
export const ENABLED_FILTER = { term: { 'task.enabled': true } } as const;

/** Whether `task` holds a claim whose `retryAt` has passed. */
export function isLapsedClaim(
  task: Pick<ClaimableTask, 'status' | 'retryAt'>,
  now: Date = new Date()
): boolean {
  return (
    (CLAIMED_STATUSES as readonly string[]).includes(task.status) &&
    task.retryAt != null &&
    task.retryAt.getTime() <= now.getTime()
  );
}

/**
 * Whether `task` may be claimed now: enabled (a missing `enabled` is not), and idle with its
 * `runAt` passed or a lapsed claim. Any other status (`failed`, `unrecognized`, ...) never is.
 */
export function isClaimable(
  task: Pick<ClaimableTask, 'status' | 'runAt' | 'retryAt' | 'enabled'>,
  now: Date = new Date()
): boolean {
  if (task.enabled !== true) return false;
  if (task.status === 'idle') return task.runAt.getTime() <= now.getTime();
  return isLapsedClaim(task, now);
}

export interface ClaimWriteOptions {
  /** the server uuid of the node that will run the task; `ownerId` is `kibana:<uuid>` */
  nodeUuid: string;
  /** the version the task was read at */
  fence: TaskFence;
  /** the task type's timing (timeout) */
  definition?: TaskTimingDefinition;
  now: Date;
  /** a source in [0, 1) for the retry jitter, for tests. @defaultValue Math.random */
  random?: () => number;
}

/**
 * The claim of `task` for a node: status running, owner, started now, one more attempt,
 * `scheduledAt` the time the run was due (`retryAt` of a lapsed claim, else `runAt`), and
 * `retryAt` when the claim lapses (recurring: now + max(interval, timeout); one-shot: now +
 * the retry delay of the coming attempt + timeout; timeouts over 5 minutes count as 5).
 */
export function claimWrite(
  task: ClaimableTask,
  { nodeUuid, fence, definition, now, random }: ClaimWriteOptions
): TaskUpdateWrite {
  const scheduledAt =
    task.retryAt != null && task.retryAt.getTime() < now.getTime() ? task.retryAt : task.runAt;
  return taskUpdate(
    task.id,
    fence,
    {
      status: 'running' as ConcreteTaskInstance['status'],
      ownerId: toOwnerId(nodeUuid),
      startedAt: now.toISOString(),
      attempts: task.attempts + 1,
      scheduledAt: scheduledAt.toISOString(),
      retryAt: getRetryAt(task, definition, now, random).toISOString(),
    },
    now
  );
}
