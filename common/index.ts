// Types and constants shared by the server, the browser, the dispatcher and the runtime host.
export { API_BASE_PATH, PLUGIN_ID, TASK_SCOPE, TASKS_API_PATH, TRACKING_INDEX } from './constants';
export {
  BACKGROUND_TASK_STATUSES,
  BackgroundTaskStatus,
  FINAL_STATUSES,
} from './background_task_status';
export type { StoredBackgroundTaskStatus } from './background_task_status';
export type { NotStartedTask, TrackingDocument } from './tracking_document';
export type { TaskResult } from './task_result';
export type { TaskListItem, TaskListResponse } from './task_list';
