// Recognises Elasticsearch's (and saved objects') answers that a fenced write lost a race (409) or found no doc (404).

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
