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

const UNAVAILABLE = 'Elasticsearch is unavailable or overloaded; try again shortly';
const INTERNAL = 'The task service failed; see the Kibana log';

/** Seconds a caller waits before retrying when Elasticsearch could not answer. */
const RETRY_AFTER_SECONDS = 1;

/**
 * The status a named error answers: 400 bad input, 404 unknown task, 409 conflict, 503 when
 * Elasticsearch is unreachable or overloaded (nothing was lost: the caller retries); anything
 * else is ours, a 500.
 */
export function errorStatusCode(caught: unknown): 400 | 404 | 409 | 503 | 500 {
  const error = toError(caught);
  if (BAD_REQUEST.has(error.name) || error instanceof ValidationError) return 400;
  if (error.name === 'TaskNotFoundError') return 404;
  if (isTaskConflictError(error)) return 409;
  if (isTransientEsError(caught)) return 503;
  return 500;
}

/**
 * Answers `errorStatusCode`'s status: a 503 with `Retry-After`, a 500 logged and without our
 * internals, the others with the error's message.
 */
export function toErrorResponse(
  caught: unknown,
  response: KibanaResponseFactory,
  logger: Logger
): IKibanaResponse {
  const { message } = toError(caught);
  switch (errorStatusCode(caught)) {
    case 400:
      return response.badRequest({ body: { message } });
    case 404:
      return response.notFound({ body: { message } });
    case 409:
      return response.conflict({ body: { message } });
    case 503:
      logger.warn(`Task route could not reach Elasticsearch: ${message}`, {
        tags: ['infrastructure'],
      });
      return response.customError({
        statusCode: 503,
        body: { message: UNAVAILABLE },
        headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      });
    default:
      logger.error(`Task route failed: ${message}`, { tags: ['infrastructure'] });
      return response.customError({ statusCode: 500, body: { message: INTERNAL } });
  }
}

/** One item of a bulk answer: the same status and message a single request would get. */
export function toItemError(
  caught: unknown,
  logger: Logger
): { statusCode: number; message: string } {
  const statusCode = errorStatusCode(caught);
  const { message } = toError(caught);
  if (statusCode === 503) return { statusCode, message: UNAVAILABLE };
  if (statusCode === 500) {
    logger.error(`Task route failed: ${message}`, { tags: ['infrastructure'] });
    return { statusCode, message: INTERNAL };
  }
  return { statusCode, message };
}
