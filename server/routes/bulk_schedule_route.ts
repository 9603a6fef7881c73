// `POST .../tasks/_bulk_schedule`: schedules up to 1,000 tasks in one request, each answered on its own.
import type { IRouter, KibanaRequest, Logger } from '@kbn/core/server';
import { TASKS_API_PATH } from '../../common';
import type { CronSchedule } from '../../common/cron_schedule';
import type { TaskClient } from '../task_client';
import type { TaskSchedule } from '../types';
import { BACKGROUND_TASKS_PRIVILEGES } from './route_privileges';
import { bulkScheduleBodySchema } from './task_route_schemas';
import { toErrorResponse, toItemError } from './to_error_response';

export const BULK_SCHEDULE_PATH = `${TASKS_API_PATH}/_bulk_schedule`;

/**
 * A malformed body (an item without a type, a bad id, date or schedule) is a 400 naming the
 * item and field (`[request body.tasks.3.type]`), and nothing is scheduled. The rest is
 * answered per item, in order, as `_bulk` does: `{ id, status }`, or `{ id, error }` with the
 * status and message the single schedule would have answered (400 unknown type or refused
 * params, 409 already in progress, ...). A refused item writes nothing.
 */
export function registerBulkScheduleRoute({
  router,
  getTaskClient,
  logger,
}: {
  router: IRouter;
  getTaskClient: (request: KibanaRequest) => Promise<TaskClient>;
  logger: Logger;
}): void {
  router.post(
    {
      path: BULK_SCHEDULE_PATH,
      security: { authz: { requiredPrivileges: [BACKGROUND_TASKS_PRIVILEGES.manage] } },
      options: {
        access: 'internal',
        summary: 'Schedule many tasks at once, each answered on its own',
      },
      validate: { body: bulkScheduleBodySchema },
    },
    async (_context, request, response) => {
      try {
        const client = await getTaskClient(request);
        const results = await client.bulkSchedule(
          request.body.tasks.map(({ id, type, params, runAt, schedule }) => ({
            task: { id, type },
            params,
            request,
            ...(runAt ? { runAt: new Date(runAt) } : {}),
            ...(schedule ? { schedule: schedule as TaskSchedule | CronSchedule } : {}),
          }))
        );
        const tasks = results.map((item) =>
          'error' in item
            ? { id: item.id, error: toItemError(item.error, logger) }
            : { id: item.id, ...item.result }
        );
        return response.ok({ body: { tasks } });
      } catch (caught) {
        return toErrorResponse(caught, response, logger);
      }
    }
  );
}
