// The dispatcher's HTTP server (hapi): GET /health, GET /metrics (Prometheus), POST /notify
// (tasks due now, and pushed runs that ended).
import Hapi from '@hapi/hapi';
import Joi from 'joi';
import { authenticatePush } from '../../common/push/authenticate_push';
import { TASK_STATUSES, type NotifiedTask } from '../../common/push/notified_task';
import { DISPATCHER_NOTIFY_PATH, type NotifyRequestBody } from '../../common/push/push_protocol';
import { MAX_NOTIFY_IDS } from './dispatch_loop';

export interface HttpServerHandlers {
  health(): Promise<{ healthy: boolean; body: Record<string, unknown> }>;
  metrics(): Promise<{ contentType: string; body: string }>;
  /** returns false when this dispatcher is not the leader */
  notify(body: NotifyRequestBody): boolean;
}

const taskId = Joi.string().min(1).max(1000);
const taskIds = Joi.array().items(taskId).max(MAX_NOTIFY_IDS);
const isoDate = Joi.string().isoDate();
/** A stored task's candidate fields (CANDIDATE_FIELDS), typed as Task Manager stores them. */
const notifiedTask = Joi.object<NotifiedTask>({
  id: taskId.required(),
  seq_no: Joi.number().integer().min(0).required(),
  primary_term: Joi.number().integer().min(1).required(),
  task: Joi.object({
    taskType: Joi.string().min(1).max(1000).required(),
    status: Joi.string()
      .valid(...TASK_STATUSES)
      .required(),
    runAt: isoDate,
    retryAt: isoDate.allow(null),
    startedAt: isoDate.allow(null),
    attempts: Joi.number().integer().min(0),
    ownerId: Joi.string().allow(null),
    priority: Joi.number().integer(),
    enabled: Joi.boolean(),
    scope: Joi.array().items(Joi.string()),
    schedule: Joi.object({ interval: Joi.string(), rrule: Joi.object().unknown() }),
    timeoutOverride: Joi.string(),
  }).required(),
});
const notifySchema = Joi.object<NotifyRequestBody>({
  ids: taskIds.required(),
  tasks: Joi.array().items(notifiedTask).max(MAX_NOTIFY_IDS),
  finished: taskIds,
  node_id: Joi.string().min(1).max(1000),
}).with('finished', 'node_id');

export interface HttpServerOptions {
  host: string;
  port: number;
  /**
   * The nodes' push token: `POST /notify` needs it as `Authorization: Bearer` (or in
   * `x-background-tasks-push-token`), 401 without, 403 wrong. Never logged.
   */
  token: string;
}

export async function startHttpServer(
  { host, port, token }: HttpServerOptions,
  handlers: HttpServerHandlers
): Promise<Hapi.Server> {
  const server = Hapi.server({ host, port, routes: { payload: { maxBytes: 1024 * 1024 } } });
  server.route([
    {
      method: 'GET',
      path: '/health',
      handler: async (_request, h) => {
        const { healthy, body } = await handlers.health();
        return h.response(body).code(healthy ? 200 : 503);
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async (_request, h) => {
        const { contentType, body } = await handlers.metrics();
        return h.response(body).type(contentType);
      },
    },
    {
      method: 'POST',
      path: DISPATCHER_NOTIFY_PATH,
      options: {
        // Before the body is read or validated: an anonymous caller learns nothing about it.
        ext: {
          onPreAuth: {
            method: (request, h) => {
              const auth = authenticatePush(request.headers, token, 'notify');
              if (auth.ok) return h.continue;
              return h
                .response({ accepted: false, message: auth.message })
                .code(auth.status)
                .takeover();
            },
          },
        },
        validate: {
          payload: notifySchema,
          failAction: async (_request, h, error) =>
            h
              .response({ accepted: false, message: error?.message ?? 'bad request' })
              .code(400)
              .takeover(),
        },
      },
      handler: (request, h) => {
        return handlers.notify(request.payload as NotifyRequestBody)
          ? h.response({ accepted: true }).code(202)
          : h.response({ accepted: false, message: 'not the leader' }).code(503);
      },
    },
  ]);
  try {
    await server.start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${port} on ${host} is in use: set http.port (DISPATCHER_HTTP__PORT) to a free port, or 0 for any`
      );
    }
    throw error;
  }
  return server;
}
