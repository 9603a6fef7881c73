// The life cycle statuses of a background task, as stored in its tracking document.

/**
 * Named `BackgroundTaskStatus` so it never clashes with Task Manager's own `TaskStatus` enum
 * (idle, claiming, running, ...), which describes the Task Manager task, not the user's view.
 */
export const BackgroundTaskStatus = {
  /** No tracking document: never scheduled (never stored). */
  NotStarted: 'not_started',
  /** Scheduled or running. */
  InProgress: 'in_progress',
  /** A user asked to cancel; the node running it has not acknowledged yet. */
  BeingCanceled: 'being_canceled',
  Canceled: 'canceled',
  Failed: 'failed',
  Completed: 'completed',
  /** A completed task whose result the user has seen. */
  Acknowledged: 'acknowledged',
  /** In progress, but no progress signal within the stale threshold (computed, never stored). */
  Stale: 'stale',
} as const;

export type BackgroundTaskStatus = (typeof BackgroundTaskStatus)[keyof typeof BackgroundTaskStatus];

/** The statuses a tracking document can hold (`stale` is computed at read time). */
export type StoredBackgroundTaskStatus = Exclude<
  BackgroundTaskStatus,
  typeof BackgroundTaskStatus.Stale | typeof BackgroundTaskStatus.NotStarted
>;

/** Every status value, e.g. for validating a route's query. */
export const BACKGROUND_TASK_STATUSES: readonly BackgroundTaskStatus[] =
  Object.values(BackgroundTaskStatus);

/** Statuses after which a task does not run again unless it is re-scheduled. */
export const FINAL_STATUSES: readonly BackgroundTaskStatus[] = [
  BackgroundTaskStatus.Canceled,
  BackgroundTaskStatus.Failed,
  BackgroundTaskStatus.Completed,
  BackgroundTaskStatus.Acknowledged,
];

/**
 * Statuses in which the server may still change the task without a user's action (a run
 * finishing, a cancel being carried out): a browser following the task keeps polling. `stale`
 * is not one of them: its run has gone quiet, and polling a silent task only costs requests.
 */
export const ACTIVE_STATUSES: readonly BackgroundTaskStatus[] = [
  BackgroundTaskStatus.InProgress,
  BackgroundTaskStatus.BeingCanceled,
];

/** True while the task may still move on the server (see `ACTIVE_STATUSES`). */
export function isActiveStatus(status: BackgroundTaskStatus | undefined): boolean {
  return status !== undefined && ACTIVE_STATUSES.includes(status);
}
