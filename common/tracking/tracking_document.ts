// The tracking document: one per background task id, in the tracking index.
import type { BackgroundTaskStatus, StoredBackgroundTaskStatus } from './background_task_status';

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
