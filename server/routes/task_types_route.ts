// `GET /internal/background_tasks/task_types`: the registered types with titles and params schemas, for forms.
import type { IRouter } from '@kbn/core/server';
import { TASK_TYPES_API_PATH, type TaskTypeInfo, type TaskTypesResponse } from '../../common';
import { joiToOpenApiSchema } from '../openapi/joi_to_openapi_schema';
import type { RegisteredTaskType } from '../types';
import { BACKGROUND_TASKS_PRIVILEGES } from './route_privileges';

export interface TaskTypesRouteDeps {
  router: IRouter;
  /** the types registered so far, in registration order */
  getTaskTypes: () => RegisteredTaskType[];
}

/** One type as the route answers it: the params schema as JSON schema, not joi. */
export function toTaskTypeInfo({ type, definition }: RegisteredTaskType): TaskTypeInfo {
  return {
    type,
    title: definition.title ?? type,
    ...(definition.description ? { description: definition.description } : {}),
    ...(definition.paramsSchema
      ? { params: joiToOpenApiSchema(definition.paramsSchema.getSchema().describe()) }
      : {}),
    recurring: definition.schedule !== undefined,
  };
}

export function registerTaskTypesRoute({ router, getTaskTypes }: TaskTypesRouteDeps): void {
  router.get(
    {
      path: TASK_TYPES_API_PATH,
      security: { authz: { requiredPrivileges: [BACKGROUND_TASKS_PRIVILEGES.read] } },
      options: {
        access: 'internal',
        summary: 'List the registered task types',
        description:
          'Each type with its title, description, whether it recurs by default, and its params ' +
          'schema as JSON schema: what a form needs to schedule it.',
      },
      validate: false,
    },
    async (_context, _request, response) => {
      const body: TaskTypesResponse = { task_types: getTaskTypes().map(toTaskTypeInfo) };
      return response.ok({ body });
    }
  );
}
