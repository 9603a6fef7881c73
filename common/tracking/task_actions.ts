// Which user actions each status allows: what the browser offers and the transitions accept.
import type { BackgroundTaskStatus } from './background_task_status';

/** The user actions of `POST .../tasks/{id}` (its query flags). */
export type TaskAction = 'schedule' | 'cancel' | 'acknowledge';

/**
 * Per status as read (so with `not_started` and `stale`). It matches the transitions: an
 * action missing here is refused by its transition (the table test checks both agree).
 */
const ALLOWED_ACTIONS: Readonly<Record<BackgroundTaskStatus, readonly TaskAction[]>> = {
  not_started: ['schedule'],
  in_progress: ['cancel'],
  // A stale run has gone quiet: it may be canceled, or replaced by a new run.
  stale: ['schedule', 'cancel'],
  // The cancel is under way: asking again changes nothing, and a new run waits for it.
  being_canceled: [],
  canceled: ['schedule'],
  failed: ['schedule'],
  completed: ['schedule', 'acknowledge'],
  acknowledged: ['schedule'],
};

/** The actions a task in `status` allows; none while its status is unknown. */
export function allowedActions(status: BackgroundTaskStatus | undefined): readonly TaskAction[] {
  return status === undefined ? [] : ALLOWED_ACTIONS[status];
}

export function isActionAllowed(
  status: BackgroundTaskStatus | undefined,
  action: TaskAction
): boolean {
  return allowedActions(status).includes(action);
}
