// Maps the TaskClient's named errors to HTTP answers: a client's mistake is never a 5xx.
import { ValidationError } from '@kbn/config-schema';
import type { IKibanaResponse, KibanaResponseFactory, Logger } from '@kbn/core/server';
import { isTaskConflictError } from '../errors';
import { toError } from '../lib/to_error';

const BAD_REQUEST = new Set(['InvalidTaskParamsError', 'UnknownTaskTypeError', 'ValidationError']);

/** 400 bad input, 404 unknown task, 409 conflict; anything else is ours, logged, and a 500. */
export function toErrorResponse(
  caught: unknown,
  response: KibanaResponseFactory,
  logger: Logger
): IKibanaResponse {
  const error = toError(caught);
  const { message, name } = error;
  if (BAD_REQUEST.has(name) || error instanceof ValidationError)
    return response.badRequest({ body: { message } });
  if (name === 'TaskNotFoundError') return response.notFound({ body: { message } });
  if (isTaskConflictError(error)) return response.conflict({ body: { message } });
  logger.error(`Task route failed: ${message}`, { tags: ['infrastructure'] });
  return response.customError({
    statusCode: 500,
    body: { message: 'The task service failed; see the Kibana log' },
  });
}
