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

/**
 * The same result in Streams' dialect, spoken by consumers' `registerTaskActionRoute` routes:
 * a completed (or acknowledged) task's payload is spread beside `status` instead of nested.
 * Kibana: x-pack/platform/packages/shared/kbn-streams-schema/src/tasks/types.ts (`TaskResult`).
 */
export type FlatTaskResult<TPayload = Record<string, unknown>> =
  | Exclude<TaskResult, { status: S['Completed'] | S['Acknowledged'] }>
  | (TPayload & { status: S['Completed'] | S['Acknowledged'] });
