// Why the tracking state machine refused a transition: a value to inspect, never a thrown error.

/**
 * The reasons a transition does not apply to the document's current status. Each part turns
 * them into its own answer: the server into its typed errors (a 409) or an unchanged answer,
 * the dispatcher into "nothing to write", the browser into a hidden button.
 */
export type TrackingRefusalReason =
  /** schedule: the id belongs to a task of another space */
  | 'id_taken'
  /** schedule: the previous run is still running (and has not gone stale) */
  | 'already_in_progress'
  /** schedule: the previous run is still being canceled */
  | 'cancellation_in_progress'
  /** cancel: only an `in_progress` (or `stale`) task can be canceled */
  | 'not_cancellable'
  /** cancel done: no cancel was asked, or it was already carried out */
  | 'no_cancel_requested'
  /** acknowledge: the task has not completed */
  | 'acknowledging_incomplete'
  /** acknowledge: done before; acknowledging again changes nothing */
  | 'already_acknowledged'
  /** run start: the task was canceled before it started */
  | 'canceled_before_start'
  /** run end or expired claim: the outcome is already recorded (or the task was re-scheduled) */
  | 'run_already_ended';

export interface TrackingRefusal {
  refused: TrackingRefusalReason;
  /** says what was refused and why, naming the task: fit for a 409's message */
  message: string;
}

export function refuse(refused: TrackingRefusalReason, message: string): TrackingRefusal {
  return { refused, message };
}

export function isRefusal(value: object): value is TrackingRefusal {
  return 'refused' in value;
}
