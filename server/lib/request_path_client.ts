// How a request path (a route, a push) talks to Elasticsearch: one try, so a caller learns at
// once that Elasticsearch is unreachable (a 503) and retries.
import type { TransportRequestOptions } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';

/**
 * One try: the client's own retries (3, backing off 1–4 s each) made a route wait 5–10 s for
 * its 503 while Elasticsearch refused connections. Writes that must land whatever the wait (a run's outcome) use `withTransientRetry` on the
 * default client instead.
 */
const REQUEST_PATH_CLIENT_OPTIONS = { maxRetries: 0 } as const;

/**
 * Transport options of a read on a request path: one try, and the client's request timeout.
 * A short read timeout would also bound a hanging Elasticsearch, but it answers 503 to a busy
 * healthy one (a GC pause, a shard starting), which on a small machine is the likelier of the two.
 */
export const REQUEST_PATH_READ_OPTIONS: TransportRequestOptions = { maxRetries: 0 };

/** `esClient` without retries, for a request path; it shares the parent's connections. */
export function requestPathClient(esClient: ElasticsearchClient): ElasticsearchClient {
  return esClient.child(REQUEST_PATH_CLIENT_OPTIONS);
}
