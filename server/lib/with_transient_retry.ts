// Retries an Elasticsearch write while Elasticsearch is unreachable or overloaded, within a budget.
import { isTransientEsError } from './es_errors';

/** First pause before retrying a write that met an unreachable Elasticsearch, in ms. */
const RETRY_INITIAL_MS = 100;
/** Longest pause between those retries, in ms. */
const RETRY_MAX_MS = 5000;

/**
 * Runs `write`, trying again with exponential backoff while Elasticsearch is unreachable or
 * overloaded, until `budgetMs` has passed; any other error, or the last one, is thrown. A run
 * that already finished must not lose its outcome to a short outage.
 */
export async function withTransientRetry<T>(write: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let pause = RETRY_INITIAL_MS; ; pause = Math.min(pause * 2, RETRY_MAX_MS)) {
    try {
      return await write();
    } catch (caught) {
      if (!isTransientEsError(caught) || Date.now() + pause > deadline) throw caught;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
