// The task routes: a task's result, its action flags (schedule/cancel/acknowledge), the list and bulk schedule.
import type { IRouter, KibanaRequest, Logger } from '@kbn/core/server';
import { TASKS_API_PATH } from '../../common';
import type { ListOptions, TaskClient } from '../task_client';
import { BACKGROUND_TASKS_PRIVILEGES } from './route_privileges';
import { registerBulkScheduleRoute } from './bulk_schedule_route';
import { resolveTaskAction, applyTaskAction } from './apply_task_action';
import {
  listTasksQuerySchema,
  taskActionBodySchema,
  taskActionQuerySchema,
  taskParamsSchema,
} from './task_route_schemas';
import { toErrorResponse } from './to_error_response';

export interface TaskRoutesDeps {
  router: IRouter;
  /** the TaskClient of the request's space */
  getTaskClient: (request: KibanaRequest) => Promise<TaskClient>;
  logger: Logger;
}

const read = { authz: { requiredPrivileges: [BACKGROUND_TASKS_PRIVILEGES.read] } };
const manage = { authz: { requiredPrivileges: [BACKGROUND_TASKS_PRIVILEGES.manage] } };

export function registerTaskRoutes({ router, getTaskClient, logger }: TaskRoutesDeps): void {
  registerBulkScheduleRoute({ router, getTaskClient, logger });
  router.get(
    {
      path: `${TASKS_API_PATH}/{id}`,
      security: read,
      options: { access: 'internal', summary: 'Get a task’s status, payload or error' },
      validate: { params: taskParamsSchema },
    },
    async (_context, request, response) => {
      try {
        const client = await getTaskClient(request);
        const { id } = request.params;
        return response.ok({
          body: await applyTaskAction({ client, id, action: 'status', request }),
        });
      } catch (caught) {
        return toErrorResponse(caught, response, logger);
      }
    }
  );

  router.post(
    {
      path: `${TASKS_API_PATH}/{id}`,
      security: manage,
      options: {
        access: 'internal',
        summary: 'Schedule, cancel or acknowledge a task (at most one flag), or get its status',
      },
      validate: {
        params: taskParamsSchema,
        query: taskActionQuerySchema,
        body: taskActionBodySchema,
      },
    },
    async (_context, request, response) => {
      const resolved = resolveTaskAction(request.query);
      if ('error' in resolved) return response.badRequest({ body: { message: resolved.error } });
      const { action } = resolved;
      const { body } = request;
      if (action === 'schedule' && !body?.type) {
        return response.badRequest({
          body: {
            message:
              '[request body.type]: scheduling needs a body { type, params, runAt?, schedule? }',
          },
        });
      }
      try {
        const client = await getTaskClient(request);
        const result = await applyTaskAction({
          client,
          id: request.params.id,
          action,
          request,
          schedule: body?.type ? { ...body, type: body.type } : undefined,
        });
        return response.ok({ body: result });
      } catch (caught) {
        return toErrorResponse(caught, response, logger);
      }
    }
  );

  router.get(
    {
      path: TASKS_API_PATH,
      security: read,
      options: { access: 'internal', summary: 'List the tasks of the space, newest first' },
      validate: { query: listTasksQuerySchema },
    },
    async (_context, request, response) => {
      try {
        const client = await getTaskClient(request);
        const { status, ...rest } = request.query;
        const options: ListOptions = { ...rest, status: status as ListOptions['status'] };
        return response.ok({ body: await client.list(options) });
      } catch (caught) {
        return toErrorResponse(caught, response, logger);
      }
    }
  );
}
