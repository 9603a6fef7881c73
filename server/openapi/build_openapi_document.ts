// Builds the OpenAPI 3.0 document of the plugin's routes from their config-schema validation.
import type { Type } from '@kbn/config-schema';
import type { Logger, RouteValidator } from '@kbn/core/server';
import { BACKGROUND_TASK_STATUSES, HEALTH_API_PATH } from '../../common';
import { PUSH_TOKEN_HEADER, RUN_NOW_PATH } from '../../common/push/push_protocol';
import { registerBackgroundTasksRoutes } from '../routes/register_background_tasks_routes';
import type { PushExecutor } from '../run_now/push_executor';
import { collectRoutes, type CollectedRoute } from './collect_routes';
import { HEALTH_RESPONSE } from './health_response_schema';
import { isRequired, joiToOpenApiSchema, type OpenApiSchema } from './joi_to_openapi_schema';

const TASK_RESULT: OpenApiSchema = {
  type: 'object',
  description: '`payload` only when completed or acknowledged, `error` only when failed.',
  properties: {
    status: { enum: [...BACKGROUND_TASK_STATUSES] },
    payload: { description: 'What the run returned.' },
    error: { type: 'string' },
  },
  required: ['status'],
  example: { status: 'completed', payload: { rows: 1200 } },
};

const RUN_NOW_RESPONSE: OpenApiSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    accepted: { type: 'boolean' },
    message: { type: 'string' },
  },
  required: ['id', 'accepted'],
  example: { id: 'export-2026-12', accepted: true },
};

const ERROR: OpenApiSchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'number' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
  example: { statusCode: 400, error: 'Bad Request', message: '[request body.runAt]: …' },
};

/** Names of the operations; a route missing here gets one made of its method and path. */
const OPERATION_IDS: Record<string, string> = {
  'get /internal/background_tasks/tasks/{id}': 'getBackgroundTask',
  'post /internal/background_tasks/tasks/{id}': 'actOnBackgroundTask',
  'get /internal/background_tasks/tasks': 'listBackgroundTasks',
  'post /internal/background_tasks/tasks/_bulk_schedule': 'bulkScheduleBackgroundTasks',
  'get /internal/background_tasks/task_types': 'listBackgroundTaskTypes',
  'get /internal/background_tasks/tasks/{id}/_run': 'getBackgroundTaskRun',
  [`post ${RUN_NOW_PATH}`]: 'runPushedTask',
};

/** Answers that ask the client to come back later say when, as Kibana's do. */
const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
};

/** Kibana's XSRF rule (lifecycle_handlers.ts): a POST carries `kbn-xsrf` or `kbn-version`. */
const XSRF_HEADERS = [
  {
    name: 'kbn-xsrf',
    in: 'header',
    required: false,
    description:
      'Any value. A POST needs this header or `kbn-version` (what Kibana’s browser sends).',
    schema: { type: 'string' },
    example: 'true',
  },
  {
    name: 'kbn-version',
    in: 'header',
    required: false,
    description: 'The Kibana version; accepted instead of `kbn-xsrf`.',
    schema: { type: 'string' },
  },
];

const KIBANA = {
  default: 'http://localhost:5601',
  description: 'Kibana’s base URL (`npm start`’s first host).',
};

function operationId(method: string, path: string): string {
  const words = `${method} ${path.replace('/internal/background_tasks', 'background tasks')}`
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return words.map((word, i) => (i ? word[0].toUpperCase() + word.slice(1) : word)).join('');
}

/** What each route answers; a route missing here fails the build, so none goes undocumented. */
const RESPONSES: Record<string, Record<string, [string, OpenApiSchema]>> = {
  'get /internal/background_tasks/tasks/{id}': {
    200: ['The task result.', TASK_RESULT],
    400: ['The id is malformed.', ERROR],
    404: ['No such task in this space.', ERROR],
    503: ['Elasticsearch is unavailable or overloaded; retry after `Retry-After` seconds.', ERROR],
  },
  'post /internal/background_tasks/tasks/{id}': {
    200: ['The task result after the action.', TASK_RESULT],
    400: ['Several flags, a bad body, an unknown type or params the type refuses.', ERROR],
    404: ['No such task in this space (cancel, acknowledge, status).', ERROR],
    409: ['Scheduling a task being canceled or running; acknowledging an incomplete task.', ERROR],
    503: ['Elasticsearch is unavailable or overloaded; retry after `Retry-After` seconds.', ERROR],
  },
  'post /internal/background_tasks/tasks/_bulk_schedule': {
    200: [
      'One answer per task, in order: its result, or the error a single schedule would have answered.',
      {
        type: 'object',
        properties: {
          tasks: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                status: { enum: [...BACKGROUND_TASK_STATUSES] },
                error: {
                  type: 'object',
                  properties: { statusCode: { type: 'number' }, message: { type: 'string' } },
                  required: ['statusCode', 'message'],
                },
              },
              required: ['id'],
            },
          },
        },
        required: ['tasks'],
        example: {
          tasks: [
            { id: 'export-1', status: 'in_progress' },
            {
              id: 'export-2',
              error: { statusCode: 409, message: 'Task [export-2] is already in progress' },
            },
          ],
        },
      },
    ],
    400: ['A malformed item, named by index and field; nothing was scheduled.', ERROR],
    503: ['Elasticsearch is unavailable or overloaded; retry after `Retry-After` seconds.', ERROR],
  },
  'get /internal/background_tasks/tasks': {
    200: [
      'One page of tasks, newest first.',
      {
        type: 'object',
        properties: {
          tasks: { type: 'array', items: { type: 'object', description: 'A tracking document.' } },
          total: { type: 'number' },
          page: { type: 'number' },
          perPage: { type: 'number' },
        },
        required: ['tasks', 'total', 'page', 'perPage'],
      },
    ],
    400: ['A bad filter or page.', ERROR],
    503: ['Elasticsearch is unavailable or overloaded; retry after `Retry-After` seconds.', ERROR],
  },
  'get /internal/background_tasks/tasks/{id}/_run': {
    200: [
      'What Task Manager holds of the task, or `in_task_manager: false`.',
      {
        type: 'object',
        properties: {
          in_task_manager: { type: 'boolean' },
          status: { type: 'string', example: 'running' },
          attempts: { type: 'number' },
          owner_id: { type: 'string', nullable: true, example: 'kibana:5b2de169' },
          run_at: { type: 'string', format: 'date-time' },
          started_at: { type: 'string', format: 'date-time', nullable: true },
          schedule: { type: 'object' },
          state: { type: 'object' },
        },
        required: ['in_task_manager'],
      },
    ],
    400: ['The id is malformed.', ERROR],
    404: ['No such task in this space.', ERROR],
    503: ['Elasticsearch is unavailable or overloaded; retry after `Retry-After` seconds.', ERROR],
  },
  'get /internal/background_tasks/task_types': {
    200: [
      'The registered task types, in registration order.',
      {
        type: 'object',
        properties: {
          task_types: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                type: { type: 'string', example: 'examples:sleep' },
                title: { type: 'string', example: 'Sleep' },
                description: { type: 'string' },
                params: { type: 'object', description: 'The params schema, as JSON schema.' },
                recurring: { type: 'boolean' },
              },
              required: ['type', 'title', 'recurring'],
            },
          },
        },
        required: ['task_types'],
      },
    ],
    403: ['The caller lacks the `read_background_tasks` privilege.', ERROR],
  },
  [`get ${HEALTH_API_PATH}`]: {
    200: ['The health report, computed now.', HEALTH_RESPONSE],
    403: ['The caller lacks the `read_background_tasks` privilege.', ERROR],
    503: ['Elasticsearch is unavailable or overloaded; retry after `Retry-After` seconds.', ERROR],
  },
  [`post ${RUN_NOW_PATH}`]: {
    202: ['The claim holds; the task runs.', RUN_NOW_RESPONSE],
    400: ['A malformed push.', ERROR],
    401: ['No push token, or (with security) no credentials.', RUN_NOW_RESPONSE],
    403: ['A wrong token, or credentials without the push privilege.', RUN_NOW_RESPONSE],
    409: [
      'The claim does not hold (owner, version, status, type): nothing runs.',
      RUN_NOW_RESPONSE,
    ],
    429: ['The node is full; retry after `Retry-After` seconds.', RUN_NOW_RESPONSE],
    503: ['The node is stopping or cannot read Elasticsearch.', RUN_NOW_RESPONSE],
  },
};

function schemaOf(spec: unknown): Type<unknown> | undefined {
  return (spec as { __isKbnConfigSchemaType?: boolean } | undefined)?.__isKbnConfigSchemaType
    ? (spec as Type<unknown>)
    : undefined;
}

function parameters(spec: unknown, location: 'path' | 'query') {
  const schema = schemaOf(spec);
  if (!schema) return [];
  const object = joiToOpenApiSchema(schema.getSchema().describe());
  const keys = schema.getSchema().describe().keys ?? {};
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || isRequired(keys[name]),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operation({ method, config }: CollectedRoute) {
  const key = `${method} ${config.path}`;
  const responses = RESPONSES[key];
  if (!responses) throw new Error(`Route [${key}] has no documented responses in RESPONSES`);
  const validate =
    (typeof config.validate === 'function' ? config.validate() : config.validate) || {};
  const request = (
    'request' in validate && validate.request ? validate.request : validate
  ) as RouteValidator<unknown, unknown, unknown> & {
    params?: unknown;
    query?: unknown;
    body?: unknown;
  };
  const body = schemaOf(request.body);
  const { authz } = config.security;
  const isPush = config.path === RUN_NOW_PATH;
  return {
    operationId: OPERATION_IDS[key] ?? operationId(method, config.path),
    summary: config.options?.summary,
    ...(config.options?.description ? { description: config.options.description } : {}),
    'x-required-privileges': 'requiredPrivileges' in authz ? authz.requiredPrivileges : [],
    parameters: [
      ...parameters(request.params, 'path'),
      ...parameters(request.query, 'query'),
      ...(method === 'post' && !isPush ? XSRF_HEADERS : []),
    ],
    ...(body
      ? {
          requestBody: {
            required: isRequired(body.getSchema().describe()),
            content: {
              'application/json': { schema: joiToOpenApiSchema(body.getSchema().describe()) },
            },
          },
        }
      : {}),
    ...(isPush ? { security: [{ pushToken: [] }, { pushTokenWithApiKey: [] }] } : {}),
    responses: Object.fromEntries(
      Object.entries(responses).map(([status, [description, schema]]) => [
        status,
        {
          description,
          ...(status === '429' || status === '503' ? { headers: RETRY_AFTER } : {}),
          content: { 'application/json': { schema } },
        },
      ])
    ),
  };
}

const unused = () => {
  throw new Error('Not called while collecting routes');
};
const silentLogger = { get: () => silentLogger } as unknown as Logger;

/** The routes as registered on a push node (so `_run_now` is included). */
export function collectBackgroundTasksRoutes(): CollectedRoute[] {
  return collectRoutes((router) =>
    registerBackgroundTasksRoutes({
      router,
      getTaskClient: unused,
      logger: silentLogger,
      getTaskManager: unused,
      getTaskTypes: unused,
      readHealth: unused,
      push: { token: 'unused', executor: {} as PushExecutor },
    })
  );
}

export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of collectBackgroundTasksRoutes()) {
    paths[route.config.path] ??= {};
    paths[route.config.path][route.method] = operation(route);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Background Tasks',
      version: '0.1.0',
      description:
        'Internal routes of the background tasks plugin. Generated from the routes’ validation ' +
        'schemas by `npm run openapi`; do not edit by hand. All task routes are space-aware ' +
        '(`/s/{space}` prefix).',
      license: {
        name: 'Elastic License 2.0',
        url: 'https://www.elastic.co/licensing/elastic-license',
      },
    },
    servers: [
      {
        url: '{kibana}',
        description: 'A Kibana node, default space',
        variables: { kibana: KIBANA },
      },
      {
        url: '{kibana}/s/{spaceId}',
        description: 'A Kibana node, in a space',
        variables: {
          kibana: KIBANA,
          spaceId: { default: 'default', description: 'The space id.' },
        },
      },
    ],
    // Kibana's credentials when security is on; none (the empty requirement) when it is off.
    security: [{ basicAuth: [] }, { apiKeyAuth: [] }, {}],
    paths,
    components: {
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: 'A Kibana user.' },
        apiKeyAuth: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: '`ApiKey <base64 id:key>`, an Elasticsearch API key.',
        },
        pushToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The push token of the plugin’s config.',
        },
        pushTokenWithApiKey: {
          type: 'apiKey',
          in: 'header',
          name: PUSH_TOKEN_HEADER,
          description:
            'The push token, when Kibana security is on and `Authorization` carries the ' +
            'dispatcher’s API key.',
        },
      },
    },
  };
}
