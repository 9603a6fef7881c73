// Types and constants shared by the server, the browser, the dispatcher and the runtime host.
export {
  API_BASE_PATH,
  MAX_LIST_RESULT_WINDOW,
  PLUGIN_ID,
  TASK_SCOPE,
  TASKS_API_PATH,
  TASK_TYPES_API_PATH,
  TRACKING_INDEX,
} from './constants';
export * from './tracking';
export type { TaskListItem, TaskListResponse } from './task_list';
export type {
  TaskParamsSchema,
  TaskRunInfo,
  TaskTypeInfo,
  TaskTypesResponse,
} from './task_type_info';
export { HEALTH_API_PATH, HEALTH_STATUSES } from './health/background_tasks_health';
export type {
  BackgroundTasksHealth,
  HealthDue,
  HealthLeader,
  HealthNode,
  HealthRuns,
  HealthStatus,
  HealthTaskType,
} from './health/background_tasks_health';
