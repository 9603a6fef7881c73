// Decorates a TaskClient so that scheduling a task due now notifies the dispatcher leader.
import type { ScheduleRequest, TaskClient } from '../task_client';

function isDueNow({ runAt }: Pick<ScheduleRequest, 'runAt'>): boolean {
  return !runAt || runAt.getTime() <= Date.now();
}

/**
 * A prototype-chained view of `client`: every method is the client's own, except `schedule`
 * and `bulkSchedule`, which notify after a successful schedule of a task that is due now (no `runAt`, or one
 * already past). Notifying is fire-and-forget and never fails the schedule.
 */
export function withScheduleNotification(
  client: TaskClient,
  notify: (ids: string[]) => void
): TaskClient {
  const decorated = Object.create(client) as TaskClient;
  decorated.schedule = async <TParams = unknown>(request: ScheduleRequest<TParams>) => {
    const result = await client.schedule(request);
    if (isDueNow(request)) notify([request.task.id]);
    return result;
  };
  // One notify for the whole bulk: the dispatcher claims the ids together.
  decorated.bulkSchedule = async (requests: ScheduleRequest[]) => {
    const results = await client.bulkSchedule(requests);
    notify(
      results.flatMap((item, i) => ('result' in item && isDueNow(requests[i]) ? [item.id] : []))
    );
    return results;
  };
  return decorated;
}
