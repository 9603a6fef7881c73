// The tracking document: one per background task id, in the tracking index.
import type { BackgroundTaskStatus, StoredBackgroundTaskStatus } from './background_task_status';
import type { RetentionPolicy } from './retention';

/** The last progress a running task reported (see `reportProgress`). Stored, not indexed. */
export interface TaskProgress {
  /** how far the run is, a fraction from 0 to 1; absent when the runner never gave one */
  value?: number;
  /** what the run is doing, at most `MAX_PROGRESS_MESSAGE_LENGTH` characters */
  message?: string;
  /** ISO date: when the runner reported it */
  at: string;
}

/** Longer progress messages are cut, ending with an ellipsis, so a runner cannot bloat the document. */
export const MAX_PROGRESS_MESSAGE_LENGTH = 200;

/**
 * What the tracking index stores for a task. Top-level fields are indexed (keyword/date);
 * `task` is stored but not indexed. `updated_at` doubles as the progress signal: a running
 * task's node refreshes it whenever the runner reports progress, and `stale` is computed
 * from it.
 */
export interface TrackingDocument<TParams = unknown, TPayload = unknown> {
  id: string;
  /** the Task Manager task type */
  type: string;
  status: StoredBackgroundTaskStatus;
  space: string;
  /** ISO date: when the current run was scheduled */
  created_at: string;
  /** ISO date: the last write or progress signal */
  updated_at: string;
  /**
   * ISO date: when the current run started on a node; absent while no run is in progress
   * (scheduled and waiting for its `runAt`, or a recurring task between runs).
   */
  run_started_at?: string;
  last_completed_at?: string;
  last_failed_at?: string;
  last_canceled_at?: string;
  last_acknowledged_at?: string;
  /**
   * The current (or last) run's latest progress report: cleared when a run starts, kept once
   * it ends so a failed run shows how far it got. Stored, not indexed.
   */
  progress?: TaskProgress;
  /**
   * How many runs of this id finished, completed or failed (canceled runs do not count): kept
   * across the runs of a recurring task and across re-schedules, like the `last_*` dates.
   */
  runs?: number;
  // Retention (see retention.ts):
  /**
   * How long this run's document is kept once finished, per final status (ms): resolved when
   * the run was scheduled, from the node's settings and the type's, and carried here so every
   * writer of a final status (the dispatcher too) stamps the same date. Stored, not indexed.
   */
  retention?: RetentionPolicy;
  /** ISO date: after it the retention sweep deletes the document; set only in a final status */
  retain_until?: string;
  /**
   * The cron schedule the task was scheduled with, for display: Task Manager stores the
   * rrule or interval it maps onto. Stored, not indexed.
   */
  schedule?: { cron: string; tz: string };
  task: {
    params: TParams;
    /** what the last successful run returned */
    payload?: TPayload;
    /** the message of the last failure */
    error?: string;
  };
}

/** What `TaskClient.get` answers for an id with no tracking document (in the client's space). */
export interface NotStartedTask {
  id: string;
  status: typeof BackgroundTaskStatus.NotStarted;
}
