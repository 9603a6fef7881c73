// The status machine of a tracking document, as pure functions of the current document.
import { BackgroundTaskStatus as S, type TrackingDocument } from '../common';
import { AcknowledgingIncompleteError } from './errors';

/** How a run ended, as the runner wrapper saw it. */
export type RunOutcome =
  | { kind: 'completed'; payload: unknown }
  | { kind: 'failed'; error: string }
  | { kind: 'canceled' };

/** What a run should do when it starts, given the tracking document. */
export type StartDecision =
  { run: true; next: TrackingDocument } | { run: false; next?: TrackingDocument; reason: string };

/**
 * A run starts from `in_progress` (first run), or from `failed`/`completed`/`acknowledged`
 * (a Task Manager retry, or the next run of a recurring task), which go back to
 * `in_progress`. A cancel requested before it started wins: `being_canceled` becomes
 * `canceled` and nothing runs; `canceled` runs nothing.
 */
export function startRun(doc: TrackingDocument, now: string): StartDecision {
  switch (doc.status) {
    case S.BeingCanceled:
      return { run: false, next: markCanceled(doc, now), reason: 'canceled before it started' };
    case S.Canceled:
      return { run: false, reason: 'canceled before it started' };
    case S.InProgress:
      return { run: true, next: { ...doc, updated_at: now, run_started_at: now } };
    default:
      return {
        run: true,
        next: { ...doc, status: S.InProgress, updated_at: now, run_started_at: now },
      };
  }
}

/**
 * Records how a run ended. A run ending while `being_canceled` ends `canceled` whatever it
 * returned: the user's cancel was accepted, so that is the answer they get. Anything else
 * than `in_progress`/`being_canceled` means the outcome is already recorded (or the task
 * was re-scheduled or deleted meanwhile): nothing is written. A recurring task stays
 * `in_progress` between runs, recording the last payload or error and when.
 */
export function finishRun(
  doc: TrackingDocument,
  outcome: RunOutcome,
  { now, recurring }: { now: string; recurring: boolean }
): TrackingDocument | undefined {
  if (doc.status === S.BeingCanceled) return markCanceled(doc, now);
  if (doc.status !== S.InProgress) return undefined;
  // The run is over: a recurring task waiting for its next run is not stale.
  const { run_started_at: _ended, ...rest } = doc;
  switch (outcome.kind) {
    case 'canceled':
      return markCanceled(rest, now);
    case 'completed':
      return {
        ...rest,
        status: recurring ? S.InProgress : S.Completed,
        updated_at: now,
        last_completed_at: now,
        task: { params: doc.task.params, payload: outcome.payload },
      };
    case 'failed':
      return {
        ...rest,
        status: recurring ? S.InProgress : S.Failed,
        updated_at: now,
        last_failed_at: now,
        task: { params: doc.task.params, error: outcome.error },
      };
  }
}

/** `in_progress` becomes `being_canceled`; any other status is left as it is (undefined). */
export function requestCancel(doc: TrackingDocument, now: string): TrackingDocument | undefined {
  if (doc.status !== S.InProgress) return undefined;
  return { ...doc, status: S.BeingCanceled, updated_at: now };
}

export function markCanceled(doc: TrackingDocument, now: string): TrackingDocument {
  return { ...doc, status: S.Canceled, updated_at: now, last_canceled_at: now };
}

/**
 * `completed` becomes `acknowledged`; acknowledging twice changes nothing (undefined);
 * anything else is a conflict.
 */
export function acknowledge(doc: TrackingDocument, now: string): TrackingDocument | undefined {
  if (doc.status === S.Acknowledged) return undefined;
  if (doc.status !== S.Completed) {
    throw new AcknowledgingIncompleteError(
      `Only completed tasks can be acknowledged; task [${doc.id}] is ${doc.status}`
    );
  }
  return { ...doc, status: S.Acknowledged, updated_at: now, last_acknowledged_at: now };
}
