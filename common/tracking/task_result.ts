// The task result the task routes answer and the browser polls: status, payload or error.
import type { BackgroundTaskStatus } from './background_task_status';

type S = typeof BackgroundTaskStatus;

/**
 * A discriminated union on `status`: `payload` only once completed (or acknowledged),
 * `error` only when failed. `stale` is computed at read time.
 */
export type TaskResult<TPayload = unknown> =
  | {
      status: S['NotStarted'] | S['InProgress'] | S['Stale'] | S['BeingCanceled'] | S['Canceled'];
    }
  | { status: S['Failed']; error: string }
  | { status: S['Completed'] | S['Acknowledged']; payload: TPayload };
