// The task action flags answered in Streams' dialect, for consumers' registerTaskActionRoute routes.
// Mirrors x-pack/platform/plugins/shared/streams/server/routes/utils/task_helpers.ts (handleTaskAction)
// and lib/tasks/task_client.ts (getStatus) of elastic/kibana.
import { BackgroundTaskStatus as S, type FlatTaskResult, type TaskResult } from '../../common';
import { AcknowledgingIncompleteError, isTaskConflictError, TaskNotFoundError } from '../errors';
import { applyTaskAction, type ApplyTaskActionOptions } from './apply_task_action';

/**
 * Like `applyTaskAction`, answering as Streams' routes do, so Kibana's Streams client works
 * unchanged:
 * - a task never scheduled (or another space's) reads `not_started` (200, not 404), and
 *   cancelling it changes nothing and says so;
 * - a completed task's payload is spread beside `status`;
 * - scheduling a task already in progress is a no-op answering `in_progress` (Streams'
 *   TaskClient swallows Task Manager's version conflict), not a 409;
 * - acknowledging anything but a completed task stays a 409, as in Streams, never-scheduled
 *   ones included; scheduling while a cancel is under way stays a 409 too.
 */
export async function applyStreamsTaskAction(
  options: ApplyTaskActionOptions
): Promise<FlatTaskResult> {
  const { client, id, action } = options;
  switch (action) {
    case 'status':
      return toFlatTaskResult(await client.getStatus(id));
    case 'schedule':
      try {
        return toFlatTaskResult(await applyTaskAction(options));
      } catch (caught) {
        if (!isTaskConflictError(caught)) throw caught;
        // Only a run still going makes the schedule a no-op; any other refusal is answered.
        const current = await client.getStatus(id);
        if (current.status === S.InProgress) return { status: S.InProgress };
        throw caught;
      }
    case 'cancel':
    case 'acknowledge':
      try {
        return toFlatTaskResult(await applyTaskAction(options));
      } catch (caught) {
        if (!isTaskNotFoundError(caught)) throw caught;
        if (action === 'cancel') return { status: S.NotStarted };
        throw new AcknowledgingIncompleteError();
      }
  }
}

/**
 * Spreads a completed task's payload beside `status`. `status` is written last so a payload
 * with a `status` key cannot hide the task's (Streams spreads it after, and would); a payload
 * that is not a plain object cannot be spread and stays under `payload`.
 */
export function toFlatTaskResult(result: TaskResult): FlatTaskResult {
  if (result.status !== S.Completed && result.status !== S.Acknowledged) return result;
  const { payload, status } = result;
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    return { ...(payload as Record<string, unknown>), status };
  }
  return payload === undefined ? { status } : { status, payload };
}

function isTaskNotFoundError(error: unknown): boolean {
  return (
    error instanceof TaskNotFoundError ||
    (error instanceof Error && error.name === 'TaskNotFoundError')
  );
}
