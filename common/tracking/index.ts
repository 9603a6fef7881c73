// The tracking document and its one state machine, shared by the server, the dispatcher and the browser.
export {
  ACTIVE_STATUSES,
  BACKGROUND_TASK_STATUSES,
  BackgroundTaskStatus,
  FINAL_STATUSES,
  isActiveStatus,
} from './background_task_status';
export type { StoredBackgroundTaskStatus } from './background_task_status';
export { MAX_PROGRESS_MESSAGE_LENGTH } from './tracking_document';
export type { NotStartedTask, TaskProgress, TrackingDocument } from './tracking_document';
export type { FlatTaskResult, TaskResult } from './task_result';
export { isStale, readStatus, staleQuery } from './read_status';
export { MISSING_ERROR_MESSAGE, toTaskResult } from './to_task_result';
export type { StaleClock, TaskResultSource } from './to_task_result';
export { allowedActions, isActionAllowed } from './task_actions';
export type { TaskAction } from './task_actions';
export { isRefusal } from './tracking_refusal';
export type { TrackingRefusal, TrackingRefusalReason } from './tracking_refusal';
export { RETAINED_STATUSES, withRetention } from './retention';
export type { RetainedStatus, RetentionPolicy } from './retention';
export * as trackingTransitions from './tracking_transitions';
export type {
  RunOutcome,
  ScheduleInput,
  StartTransition,
  TrackingTransition,
  TrackingWrite,
} from './tracking_transitions';
