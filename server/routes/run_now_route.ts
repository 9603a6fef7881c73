// `POST /internal/background_tasks/_run_now`: the dispatcher pushes a claimed task to this node.
import { schema } from '@kbn/config-schema';
import type { IRouter, Logger } from '@kbn/core/server';
import {
  RUN_NOW_PATH,
  type RunNowRequestBody,
  type RunNowResponseBody,
} from '../../common/push/push_protocol';
import { toError } from '../lib/to_error';
import { authenticatePush } from '../../common/push/authenticate_push';
import type { PushExecutor } from '../run_now/push_executor';
import { taskIdSchema } from './task_route_schemas';
import { BACKGROUND_TASKS_PRIVILEGES } from './route_privileges';

export const runNowBodySchema = schema.object({
  id: taskIdSchema,
  type: schema.string({ minLength: 1, maxLength: 256, meta: { description: 'The task type.' } }),
  claim: schema.object(
    {
      owner_id: schema.string({
        minLength: 1,
        meta: { description: 'The node the claim is for.' },
      }),
      seq_no: schema.number({ min: 0 }),
      primary_term: schema.number({ min: 1 }),
    },
    { meta: { description: 'The task document’s version right after the claim.' } }
  ),
});

export interface RunNowRouteDeps {
  router: IRouter;
  /** the push token of the plugin's config; never logged */
  token: string;
  executor: PushExecutor;
  logger: Logger;
}

/**
 * Security in two layers: Kibana's authz (the dispatcher's API key in `Authorization` must hold
 * the push privilege) and the push token of the plugin's config in its own header, checked
 * before anything is read.
 */
export function registerRunNowRoute({ router, token, executor, logger }: RunNowRouteDeps): void {
  router.post(
    {
      path: RUN_NOW_PATH,
      security: { authz: { requiredPrivileges: [BACKGROUND_TASKS_PRIVILEGES.push] } },
      options: {
        access: 'internal',
        summary: 'Run a task the dispatcher claimed for this node',
        description:
          'Answers 202 when the run started, 409 when the claim does not hold (nothing runs), ' +
          '429/503 with Retry-After when the node is full or stopping.',
      },
      validate: { body: runNowBodySchema },
    },
    async (_context, request, response) => {
      const body: RunNowRequestBody = request.body;
      const reply = (statusCode: number, message: string, retryAfter?: number) =>
        response.custom<RunNowResponseBody>({
          statusCode,
          body: { id: body.id, accepted: statusCode === 202, message },
          // The dispatcher reads RunNowResponseBody on refusals too, not Kibana's error shape.
          bypassErrorFormat: true,
          headers: retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : undefined,
        });
      const auth = authenticatePush(request.headers, token);
      if (!auth.ok) {
        logger.warn(`Refused a push of task [${body.id}]: ${auth.message}`, { tags: ['push'] });
        return reply(auth.status, auth.message);
      }
      try {
        const decision = await executor.accept(body);
        if (decision.status !== 202) {
          logger.debug(
            `Push of task [${body.id}] answered ${decision.status}: ${decision.message}`
          );
        }
        return reply(decision.status, decision.message, decision.retryAfter);
      } catch (caught) {
        // Elasticsearch could not be read: nothing ran; the dispatcher releases the claim.
        logger.error(`Push of task [${body.id}] failed: ${toError(caught).message}`, {
          tags: ['push', 'infrastructure'],
        });
        return reply(503, 'This node could not verify the claim', 1);
      }
    }
  );
}
