// Exponential back-off with jitter, and retrying Elasticsearch calls that failed for
// infrastructure reasons (unreachable, 429, 5xx) without ever throwing them past the loop.
import { describeError, isRetriableEsError } from './errors';
import type { Logger } from './logger';

export interface BackoffOptions {
  /** first delay, in ms */
  initialMs: number;
  /** longest delay, in ms */
  maxMs: number;
  /** a number in [0, 1); Math.random by default */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1-based): initial × 2^(attempt-1), capped at max, with
 * "equal jitter" (between half and all of it) so many dispatchers or nodes do not retry in step.
 */
export function backoffDelay(
  attempt: number,
  { initialMs, maxMs, random = Math.random }: BackoffOptions
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const capped = Math.min(maxMs, initialMs * 2 ** exponent);
  return Math.round(capped / 2 + (capped / 2) * random());
}

export interface EsRetryOptions extends BackoffOptions {
  /** tries in all, the first included */
  attempts: number;
  logger: Logger;
  /** what the call does, for the log */
  operation: string;
  /** stop retrying when aborted (shutdown) */
  signal?: AbortSignal;
}

/** Runs `call`, retrying infrastructure errors with back-off; other errors are thrown at once. */
export async function esRetry<T>(call: () => Promise<T>, options: EsRetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRetriableEsError(error) || attempt >= options.attempts || options.signal?.aborted)
        throw error;
      const delay = backoffDelay(attempt, options);
      options.logger.warn(`Elasticsearch ${options.operation} failed, retrying in ${delay} ms`, {
        error: describeError(error),
        attempt,
      });
      await sleep(delay, options.signal);
    }
  }
}

/** A pause that ends early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
