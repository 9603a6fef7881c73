// Maps the TaskClient's named errors to HTTP answers: a client's mistake is never a 5xx.
import { ValidationError } from '@kbn/config-schema';
import type { IKibanaResponse, KibanaResponseFactory, Logger } from '@kbn/core/server';
import { isTaskConflictError } from '../errors';
import { isTransientEsError } from '../lib/es_errors';
import { toError } from '../lib/to_error';

const BAD_REQUEST = new Set([
  'InvalidTaskParamsError',
  'InvalidTaskScheduleError',
  'InvalidListOptionsError',
  'UnknownTaskTypeError',
  'ValidationError',
]);

/** Seconds a caller waits before retrying when Elasticsearch could not answer. */
const RETRY_AFTER_SECONDS = 1;

/**
 * 400 bad input, 404 unknown task, 409 conflict, 503 when Elasticsearch is unreachable or
 * overloaded (nothing was lost: the caller retries after `Retry-After`); anything else is ours,
 * logged, and a 500.
 */
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
  if (isTransientEsError(caught)) {
    logger.warn(`Task route could not reach Elasticsearch: ${message}`, {
      tags: ['infrastructure'],
    });
    return response.customError({
      statusCode: 503,
      body: { message: 'Elasticsearch is unavailable or overloaded; try again shortly' },
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    });
  }
  logger.error(`Task route failed: ${message}`, { tags: ['infrastructure'] });
  return response.customError({
    statusCode: 500,
    body: { message: 'The task service failed; see the Kibana log' },
  });
}
