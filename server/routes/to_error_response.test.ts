import { errors } from '@elastic/elasticsearch';
import type { KibanaResponseFactory } from '@kbn/core/server';
import { loggerMock } from '@kbn/core/server/logging.mock';
import { TaskConflictError, TaskNotFoundError } from '../errors';
import { toErrorResponse } from './to_error_response';

/** Records what the route would answer: the factory method called and its options. */
function recordingFactory() {
  const answer =
    (kind: string) =>
    (options: unknown = {}) => ({ kind, ...(options as object) });
  return {
    badRequest: answer('badRequest'),
    notFound: answer('notFound'),
    conflict: answer('conflict'),
    customError: answer('customError'),
  } as unknown as KibanaResponseFactory;
}

function esResponseError(statusCode: number, type: string) {
  return new errors.ResponseError({
    statusCode,
    body: { error: { type, reason: `${type} happened` } },
    headers: {},
    warnings: null,
    meta: {} as never,
  });
}

describe('toErrorResponse', () => {
  it('answers a client mistake with a 4xx naming it, and logs nothing', () => {
    const logger = loggerMock.create();
    const response = recordingFactory();
    expect(toErrorResponse(new TaskNotFoundError('t-1'), response, logger)).toMatchObject({
      kind: 'notFound',
    });
    expect(
      toErrorResponse(new TaskConflictError('t-1 is being canceled'), response, logger)
    ).toMatchObject({ kind: 'conflict', body: { message: 't-1 is being canceled' } });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it.each([
    ['no shard available', esResponseError(503, 'no_shard_available_action_exception')],
    ['too many requests', esResponseError(429, 'es_rejected_execution_exception')],
    ['no connection', new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200')],
  ])('answers 503 with Retry-After when Elasticsearch could not answer (%s)', (_, error) => {
    const logger = loggerMock.create();
    expect(toErrorResponse(error, recordingFactory(), logger)).toEqual({
      kind: 'customError',
      statusCode: 503,
      body: { message: 'Elasticsearch is unavailable or overloaded; try again shortly' },
      headers: { 'retry-after': '1' },
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('answers anything else with a 500 that hides the cause, and logs the cause', () => {
    const logger = loggerMock.create();
    const answer = toErrorResponse(
      esResponseError(400, 'mapper_parsing_exception'),
      recordingFactory(),
      logger
    );
    expect(answer).toEqual({
      kind: 'customError',
      statusCode: 500,
      body: { message: 'The task service failed; see the Kibana log' },
    });
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('mapper_parsing_exception'),
      expect.anything()
    );
  });
});
