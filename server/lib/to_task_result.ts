// Turns a tracking document into the task result routes answer, computing `stale` at read time.
import {
  BackgroundTaskStatus as S,
  type NotStartedTask,
  type TaskResult,
  type TrackingDocument,
} from '../../common';

/**
 * An `in_progress` task is stale when its progress signal (`updated_at`) is older than the
 * threshold: its runner hung, or the node running it died.
 * Only a started run can go stale: `run_started_at` is set when a run starts and cleared when it
 * ends, so a task waiting for its `runAt` (or a recurring one between runs) never reads stale.
 */
export function isStale(doc: TrackingDocument, now: number, staleThresholdMs: number): boolean {
  if (doc.status !== S.InProgress || !doc.run_started_at) return false;
  const signal = Date.parse(doc.updated_at);
  return Number.isNaN(signal) || now - signal > staleThresholdMs;
}

export function toTaskResult<TPayload = unknown>(
  doc: TrackingDocument | NotStartedTask,
  now: number,
  staleThresholdMs: number
): TaskResult<TPayload> {
  switch (doc.status) {
    case S.NotStarted:
    case S.BeingCanceled:
    case S.Canceled:
      return { status: doc.status };
    case S.InProgress:
      return { status: isStale(doc, now, staleThresholdMs) ? S.Stale : S.InProgress };
    case S.Failed:
      return { status: S.Failed, error: doc.task.error ?? 'Unknown error' };
    case S.Completed:
    case S.Acknowledged:
      return { status: doc.status, payload: doc.task.payload as TPayload };
  }
}
