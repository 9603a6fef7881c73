// Decorates a TaskClient so that scheduling a task due now notifies the dispatcher leader.
import type { ScheduleRequest, TaskClient } from '../task_client';

/**
 * A prototype-chained view of `client`: every method is the client's own, except `schedule`,
 * which notifies after a successful schedule of a task that is due now (no `runAt`, or one
 * already past). Notifying is fire-and-forget and never fails the schedule.
 */
export function withScheduleNotification(
  client: TaskClient,
  notify: (ids: string[]) => void
): TaskClient {
  const decorated = Object.create(client) as TaskClient;
  decorated.schedule = async <TParams = unknown>(request: ScheduleRequest<TParams>) => {
    const result = await client.schedule(request);
    if (!request.runAt || request.runAt.getTime() <= Date.now()) notify([request.task.id]);
    return result;
  };
  return decorated;
}
