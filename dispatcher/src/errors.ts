// Error normalisation and the classification of Elasticsearch errors the loop must tell apart.
import { errors } from '@elastic/elasticsearch';

/** Turns whatever was thrown into an Error (a catch clause's `unknown`). */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown));
}

/** HTTP status of an Elasticsearch response error, if it is one. */
export function esStatusCode(thrown: unknown): number | undefined {
  if (thrown instanceof errors.ResponseError || (thrown as Error)?.name === 'ResponseError') {
    return (thrown as errors.ResponseError).statusCode;
  }
  return undefined;
}

/** A version conflict: someone else wrote the document first. Never an infrastructure error. */
export function isConflict(thrown: unknown): boolean {
  return esStatusCode(thrown) === 409;
}

export function isNotFound(thrown: unknown): boolean {
  return esStatusCode(thrown) === 404;
}

/**
 * An Elasticsearch request that failed for the cluster's sake, not the dispatcher's: no
 * answer (connection refused, timeout, no living node) or a 5xx/429. Conflicts and 404s are
 * expected answers of fenced writes and reads, never counted.
 */
export function isElasticsearchFailure(thrown: unknown): boolean {
  if (thrown == null) return false;
  const status = esStatusCode(thrown);
  if (status !== undefined) return status >= 500 || status === 429;
  return (
    thrown instanceof errors.ConnectionError ||
    thrown instanceof errors.TimeoutError ||
    thrown instanceof errors.NoLivingConnectionsError
  );
}

/** One line describing an error for logs, without stack or request bodies. */
export function describeError(thrown: unknown): string {
  const error = toError(thrown);
  const status = esStatusCode(thrown);
  return status === undefined
    ? `${error.name}: ${error.message}`
    : `${error.name} ${status}: ${error.message}`;
}
