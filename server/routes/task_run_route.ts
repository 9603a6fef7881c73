// `GET /internal/background_tasks/tasks/{id}/_run`: Task Manager's side of a task (attempts, node, next run).
import type { IRouter, KibanaRequest, Logger } from '@kbn/core/server';
import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import { TASKS_API_PATH, type TaskRunInfo } from '../../common';
import { isNotFound } from '../lib/es_errors';
import type { TaskClient } from '../task_client';
import { BACKGROUND_TASKS_PRIVILEGES } from './route_privileges';
import { taskParamsSchema } from './task_route_schemas';
import { toErrorResponse } from './to_error_response';

export interface TaskRunRouteDeps {
  router: IRouter;
  getTaskClient: (request: KibanaRequest) => Promise<TaskClient>;
  getTaskManager: () => Promise<Pick<TaskManagerStartContract, 'get'>>;
  logger: Logger;
}

export function registerTaskRunRoute({
  router,
  getTaskClient,
  getTaskManager,
  logger,
}: TaskRunRouteDeps): void {
  router.get(
    {
      path: `${TASKS_API_PATH}/{id}/_run`,
      security: { authz: { requiredPrivileges: [BACKGROUND_TASKS_PRIVILEGES.read] } },
      options: {
        access: 'internal',
        summary: 'Get what Task Manager holds of a task',
        description:
          'Attempts, the node that claimed it, its next run, schedule and state; ' +
          '`in_task_manager: false` once a one-off task finished.',
      },
      validate: { params: taskParamsSchema },
    },
    async (_context, request, response) => {
      try {
        const { id } = request.params;
        // The tracking document decides the space: another space's task is not found here.
        const tracked = await (await getTaskClient(request)).get(id);
        if (tracked.status === 'not_started') {
          return response.notFound({ body: { message: `Task [${id}] not found` } });
        }
        let body: TaskRunInfo;
        try {
          const task = await (await getTaskManager()).get(id);
          body = {
            in_task_manager: true,
            status: task.status,
            attempts: task.attempts,
            owner_id: task.ownerId,
            run_at: new Date(task.runAt).toISOString(),
            started_at: task.startedAt ? new Date(task.startedAt).toISOString() : null,
            ...(task.schedule ? { schedule: task.schedule } : {}),
            state: task.state ?? {},
          };
        } catch (caught) {
          if (!isNotFound(caught)) throw caught;
          body = { in_task_manager: false };
        }
        return response.ok({ body });
      } catch (caught) {
        return toErrorResponse(caught, response, logger);
      }
    }
  );
}
