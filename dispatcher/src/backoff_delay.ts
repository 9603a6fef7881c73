// Exponential back-off with jitter: for the loop after an Elasticsearch error, and for nodes.

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
