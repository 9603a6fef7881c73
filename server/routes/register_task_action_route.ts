// Lets a consumer plugin mount the task action flags on its own route, for one task type.
import { schema, type ObjectType, type Type } from '@kbn/config-schema';
import type { IRouter, KibanaRequest, Logger, RouteSecurity } from '@kbn/core/server';
import type { TaskClient } from '../task_client';
import { BACKGROUND_TASKS_PRIVILEGES } from './route_privileges';
import { resolveTaskAction } from './apply_task_action';
import { applyStreamsTaskAction } from './apply_streams_task_action';
import { taskActionQuerySchema } from './task_route_schemas';
import { toErrorResponse } from './to_error_response';

export interface TaskActionRouteOptions<TPathParams, TParams> {
  router: IRouter;
  /** the route path, e.g. `/internal/my_plugin/{name}/_analysis` */
  path: string;
  /** the one task type this route schedules */
  taskType: string;
  /** validation of the path parameters */
  pathParams?: ObjectType | Type<TPathParams>;
  /** the body of a schedule: the task's params (validated again against the type's schema) */
  paramsSchema: Type<TParams>;
  /** the task id for a request, e.g. derived from the path (`analysis:${name}`) */
  getTaskId: (pathParams: TPathParams) => string;
  /** the TaskClient of the request's space: the plugin's `start.getClient(request)` */
  getTaskClient: (request: KibanaRequest) => Promise<TaskClient>;
  /** @defaultValue GET requires `read_background_tasks`, POST `manage_background_tasks` */
  security?: { read: RouteSecurity; manage: RouteSecurity };
  logger: Logger;
}

/**
 * Registers `GET {path}` (the task result) and `POST {path}` with the flags `schedule`,
 * `cancel` and `acknowledge` (at most one; none reports the result). Answers in Streams'
 * dialect (see `applyStreamsTaskAction`): a never-scheduled task is `200 not_started`, a
 * payload is spread beside `status`, a schedule while in progress is a no-op, so Kibana's
 * Streams client and its `useTaskPolling` work against it unchanged.
 */
export function registerTaskActionRoute<TPathParams, TParams>({
  router,
  path,
  taskType,
  pathParams,
  paramsSchema,
  getTaskId,
  getTaskClient,
  security = {
    read: { authz: { requiredPrivileges: [BACKGROUND_TASKS_PRIVILEGES.read] } },
    manage: { authz: { requiredPrivileges: [BACKGROUND_TASKS_PRIVILEGES.manage] } },
  },
  logger,
}: TaskActionRouteOptions<TPathParams, TParams>): void {
  const params = (pathParams ?? schema.object({})) as Type<TPathParams>;
  const anyBody = schema.nullable(schema.object({}, { unknowns: 'allow' }));
  router.get(
    { path, security: security.read, validate: { params } },
    async (_context, request, response) => {
      try {
        const client = await getTaskClient(request);
        const id = getTaskId(request.params);
        return response.ok({
          body: await applyStreamsTaskAction({ client, id, action: 'status', request }),
        });
      } catch (caught) {
        return toErrorResponse(caught, response, logger);
      }
    }
  );
  router.post(
    {
      path,
      security: security.manage,
      // Only a schedule has a body; it is validated against `paramsSchema` then.
      validate: { params, query: taskActionQuerySchema, body: anyBody },
    },
    async (_context, request, response) => {
      const resolved = resolveTaskAction(request.query);
      if ('error' in resolved) return response.badRequest({ body: { message: resolved.error } });
      try {
        const client = await getTaskClient(request);
        const id = getTaskId(request.params);
        const result = await applyStreamsTaskAction({
          client,
          id,
          action: resolved.action,
          request,
          schedule:
            resolved.action === 'schedule'
              ? {
                  type: taskType,
                  params: paramsSchema.validate(request.body ?? {}, {}, 'request body'),
                }
              : undefined,
        });
        return response.ok({ body: result });
      } catch (caught) {
        return toErrorResponse(caught, response, logger);
      }
    }
  );
}
