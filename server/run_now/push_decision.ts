// What the `_run_now` route answers a push: 202 (running or queued), 409 (the claim does not
// hold here), 429 (full), 503 (not accepting).
import type { RunNowRequestBody } from '../../common/push/push_protocol';
import type { AdmitRefusal } from './capacity_tracker';

/** What the route answers a push. */
export interface PushDecision {
  status: 202 | 409 | 429 | 503;
  message: string;
  /** seconds, for the `Retry-After` header of a 429/503 */
  retryAfter?: number;
}

/** A full or stopping node asks the dispatcher to come back this soon (it releases the claim). */
const RETRY_AFTER_SECONDS = 1;

export const NOT_ACCEPTING: PushDecision = {
  status: 503,
  message: 'This node is not accepting pushes',
  retryAfter: RETRY_AFTER_SECONDS,
};

/** The answer to a push the capacity tracker refused (and the queue could not take). */
export function refusedAnswer(refusal: AdmitRefusal, body: RunNowRequestBody): PushDecision {
  if (refusal === 'already_running') {
    return { status: 409, message: `Task [${body.id}] is already running on this node` };
  }
  const message =
    refusal === 'full' ? 'This node is at capacity' : `Too many [${body.type}] tasks run here`;
  return { status: 429, message, retryAfter: RETRY_AFTER_SECONDS };
}
