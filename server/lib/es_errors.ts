// Recognises Elasticsearch's (and saved objects') answers: a lost race (409), no doc (404), or
// Elasticsearch unreachable or overloaded (worth trying again).

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // @elastic/elasticsearch errors carry `meta.statusCode`; Kibana's saved-object (Boom) errors
  // `output.statusCode`; some wrappers a plain `statusCode`.
  const { statusCode, meta, output } = error as {
    statusCode?: unknown;
    meta?: { statusCode?: unknown };
    output?: { statusCode?: unknown };
  };
  const code = statusCode ?? meta?.statusCode ?? output?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** A write fenced by if_seq_no/if_primary_term (or op_type create) lost a race. */
export function isVersionConflict(error: unknown): boolean {
  return statusCodeOf(error) === 409;
}

/** The document (or index) does not exist. */
export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/**
 * Elasticsearch could not be reached or could not answer now: no connection, a timeout, 429 or
 * a 5xx. Such a write may succeed if tried again shortly; a 4xx other than 429 never will.
 */
export function isTransientEsError(error: unknown): boolean {
  // By name first: the client's ConnectionError carries `meta.statusCode: 0`.
  const name = (error as { name?: unknown } | null)?.name;
  if (
    name === 'ConnectionError' ||
    name === 'TimeoutError' ||
    name === 'NoLivingConnectionsError'
  ) {
    return true;
  }
  const code = statusCodeOf(error);
  return code !== undefined && (code === 429 || code >= 500);
}
