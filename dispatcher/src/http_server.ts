// The dispatcher's HTTP server (hapi): GET /health, GET /metrics (Prometheus), POST /notify.
import Hapi from '@hapi/hapi';
import Joi from 'joi';
import { DISPATCHER_NOTIFY_PATH, type NotifyRequestBody } from '../../common/push/push_protocol';
import { MAX_NOTIFY_IDS } from './dispatch_loop';

export interface HttpServerHandlers {
  health(): Promise<{ healthy: boolean; body: Record<string, unknown> }>;
  metrics(): Promise<{ contentType: string; body: string }>;
  /** returns false when this dispatcher is not the leader */
  notify(ids: string[]): boolean;
}

const notifySchema = Joi.object<NotifyRequestBody>({
  ids: Joi.array().items(Joi.string().min(1).max(1000)).max(MAX_NOTIFY_IDS).required(),
});

export async function startHttpServer(
  { host, port }: { host: string; port: number },
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
        const { ids } = request.payload as NotifyRequestBody;
        return handlers.notify(ids)
          ? h.response({ accepted: true }).code(202)
          : h.response({ accepted: false, message: 'not the leader' }).code(503);
      },
    },
  ]);
  await server.start();
  return server;
}
