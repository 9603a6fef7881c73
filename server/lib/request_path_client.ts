// How a request path (a route, a push) talks to Elasticsearch: one try, and reads with a short
// timeout, so a caller learns at once that Elasticsearch is unreachable (a 503) and retries.
import type { TransportRequestOptions } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';

/**
 * How long a read on a request path may take, in ms. Every route reads before it writes, so
 * while Elasticsearch hangs this bounds the answer (a 503) under a second; the client's
 * default (`elasticsearch.requestTimeout`, 30 s) held callers that long. A healthy cluster
 * answers a realtime get or a page of the list in milliseconds.
 */
export const REQUEST_PATH_READ_TIMEOUT_MS = 750;

/**
 * One try: the client's own retries (3, backing off 1–4 s each) made a route wait 5–10 s for
 * its 503 while Elasticsearch refused connections. Writes keep the client's request timeout:
 * one cut short might still land, leaving a caller told 503 for a change that happened.
 * Writes that must land whatever the wait (a run's outcome) use `withTransientRetry` on the
 * default client instead.
 */
const REQUEST_PATH_CLIENT_OPTIONS = { maxRetries: 0 } as const;

/** Transport options of a read on a request path. */
export const REQUEST_PATH_READ_OPTIONS: TransportRequestOptions = {
  maxRetries: 0,
  requestTimeout: REQUEST_PATH_READ_TIMEOUT_MS,
};

/** `esClient` without retries, for a request path; it shares the parent's connections. */
export function requestPathClient(esClient: ElasticsearchClient): ElasticsearchClient {
  return esClient.child(REQUEST_PATH_CLIENT_OPTIONS);
}
