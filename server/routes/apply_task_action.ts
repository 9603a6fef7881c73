// The one implementation of the task action flags, shared by the plugin's routes and consumers'.
import type { KibanaRequest } from '@kbn/core/server';
import { BackgroundTaskStatus as S, type TaskResult } from '../../common';
import { TaskNotFoundError } from '../errors';
import type { TaskClient } from '../task_client';
import type { TaskSchedule } from '../types';
import type { CronSchedule } from '../../common/cron_schedule';

/** The flags, in the order error messages name them. */
export const TASK_ACTION_FLAGS = ['schedule', 'cancel', 'acknowledge'] as const;

export type TaskActionFlag = (typeof TASK_ACTION_FLAGS)[number];

/** A flagged action, or `status` when no flag is set. */
export type TaskAction = TaskActionFlag | 'status';

/** The action the query asks for, or a message naming the flags when it asks for several. */
export function resolveTaskAction(
  query: Partial<Record<TaskActionFlag, boolean | undefined>>
): { action: TaskAction } | { error: string } {
  const set = TASK_ACTION_FLAGS.filter((flag) => query[flag] === true);
  if (set.length > 1) {
    return {
      error: `[request query]: give at most one of the flags [${TASK_ACTION_FLAGS.join(', ')}]; got [${set.join(', ')}]`,
    };
  }
  return { action: set[0] ?? 'status' };
}

export interface ScheduleInput {
  type: string;
  params: unknown;
  runAt?: string;
  schedule?: { interval?: string; rrule?: unknown; cron?: string; tz?: string };
}

export interface ApplyTaskActionOptions {
  client: TaskClient;
  id: string;
  action: TaskAction;
  request: KibanaRequest;
  /** required for `schedule` */
  schedule?: ScheduleInput;
}

/**
 * Answers the task result after the action. A task with no tracking document in the client's
 * space (never scheduled, or another space's) is a TaskNotFoundError for every action but
 * `schedule`.
 */
export async function applyTaskAction({
  client,
  id,
  action,
  request,
  schedule,
}: ApplyTaskActionOptions): Promise<TaskResult> {
  switch (action) {
    case 'schedule': {
      if (!schedule) throw new TaskNotFoundError(id);
      return client.schedule({
        task: { id, type: schedule.type },
        params: schedule.params,
        request,
        ...(schedule.runAt ? { runAt: new Date(schedule.runAt) } : {}),
        ...(schedule.schedule
          ? { schedule: schedule.schedule as TaskSchedule | CronSchedule }
          : {}),
      });
    }
    case 'cancel':
      return client.cancel(id);
    case 'acknowledge':
      return client.acknowledge(id);
    case 'status': {
      const result = await client.getStatus(id);
      if (result.status === S.NotStarted) throw new TaskNotFoundError(id);
      return result;
    }
  }
}
