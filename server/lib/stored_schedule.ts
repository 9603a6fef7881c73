// The schedule TaskClient.schedule stores for a request: its own (a cron one mapped) or its type's.
import { cronToSchedule, isCronSchedule, type CronSchedule } from '../../common/cron_schedule';
import { getFirstRunAt } from '../../common/task_schedule';
import { InvalidTaskScheduleError } from '../errors';
import type { RegisteredTaskType, TaskSchedule } from '../types';

/** What Task Manager stores, and the cron schedule kept for display when it was one. */
export interface StoredSchedule {
  schedule?: TaskSchedule;
  cron?: { cron: string; tz: string };
  /**
   * A cron schedule's first occurrence, written as the task's `runAt`: Kibana's Task Manager
   * would otherwise count the rrule from the second it was scheduled at (its seconds kept).
   */
  firstRunAt?: Date;
}

/**
 * The requested schedule, else the type's `schedule` (a function of the params, or a value).
 * A cron schedule becomes the rrule or interval it maps onto; one that maps onto none throws
 * the `InvalidTaskScheduleError` naming `schedule.cron` (400), before anything is written.
 */
export function storedSchedule(
  requested: TaskSchedule | CronSchedule | undefined,
  registered: RegisteredTaskType,
  params: unknown
): StoredSchedule {
  if (isCronSchedule(requested)) {
    const converted = cronToSchedule(requested);
    if ('error' in converted) throw new InvalidTaskScheduleError('schedule.cron', converted.error);
    return {
      schedule: converted.schedule,
      cron: { cron: requested.cron, tz: requested.tz ?? 'UTC' },
      firstRunAt: getFirstRunAt({ schedule: converted.schedule }),
    };
  }
  if (requested) return { schedule: requested };
  const { schedule } = registered.definition;
  return { schedule: typeof schedule === 'function' ? schedule(params) : schedule };
}
