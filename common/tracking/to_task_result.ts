// Turns a tracking document (or a listed task) into the task result routes answer and the browser shows.
import { BackgroundTaskStatus as S } from './background_task_status';
import { readStatus } from './read_status';
import type { TaskResult } from './task_result';
import type { NotStartedTask, TrackingDocument } from './tracking_document';

/** What a failed task without a recorded message reads as. */
export const MISSING_ERROR_MESSAGE = 'No error message was recorded.';

/**
 * Anything with a status and the task's outcome: a stored tracking document, a `not_started`
 * answer, or a listed task (whose status was read on the server, so possibly `stale`).
 */
export interface TaskResultSource {
  status: S;
  task?: { payload?: unknown; error?: string };
}

/** The clock `stale` is computed with (see `isStale`). */
export interface StaleClock {
  /** the reading time, in ms since the epoch */
  now: number;
  /** how long a running task may stay silent, in ms */
  staleThresholdMs: number;
}

/**
 * `payload` only once completed (or acknowledged), `error` only when failed, nothing else.
 * With `clock`, a stored `in_progress` document whose progress signal went quiet reads
 * `stale`; without it the status is taken as already read (a listed task's is).
 */
export function toTaskResult<TPayload = unknown>(
  source: TaskResultSource | NotStartedTask,
  clock?: StaleClock
): TaskResult<TPayload> {
  const status =
    clock && source.status === S.InProgress
      ? readStatus(source as TrackingDocument, clock.now, clock.staleThresholdMs)
      : source.status;
  const outcome = 'task' in source ? source.task : undefined;
  switch (status) {
    case S.NotStarted:
    case S.InProgress:
    case S.Stale:
    case S.BeingCanceled:
    case S.Canceled:
      return { status };
    case S.Failed:
      return { status, error: outcome?.error ?? MISSING_ERROR_MESSAGE };
    case S.Completed:
    case S.Acknowledged:
      return { status, payload: outcome?.payload as TPayload };
  }
}
