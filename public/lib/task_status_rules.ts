// Which statuses keep a task moving, and which actions each status allows.
import type { BackgroundTaskStatus } from '../../common';

const ACTIVE: ReadonlySet<BackgroundTaskStatus> = new Set(['in_progress', 'being_canceled']);
// `stale` is an in_progress task whose progress signal went quiet: it may still be canceled.
const CANCELLABLE: ReadonlySet<BackgroundTaskStatus> = new Set(['in_progress', 'stale']);

export const taskStatusRules = {
  /** The task is still moving on the server: worth polling. */
  isActive: (status: BackgroundTaskStatus | undefined): boolean =>
    status !== undefined && ACTIVE.has(status),
  /** The cancel route accepts the task. */
  canCancel: (status: BackgroundTaskStatus | undefined): boolean =>
    status !== undefined && CANCELLABLE.has(status),
  /** Only a completed task can be acknowledged; the route answers 409 for anything else. */
  canAcknowledge: (status: BackgroundTaskStatus | undefined): boolean => status === 'completed',
};
