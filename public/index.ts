// Entry point of the browser plugin: the initializer Kibana calls, and what plugin authors import.
import type { PluginInitializerContext } from '@kbn/core/public';
import { BackgroundTasksPublicPlugin } from './plugin';

export function plugin(initializerContext: PluginInitializerContext) {
  return new BackgroundTasksPublicPlugin(initializerContext);
}

export type { BackgroundTasksPublicSetup, BackgroundTasksPublicStart } from './plugin';
export { TaskApiClient } from './api/task_api_client';
export type {
  ListTasksQuery,
  ScheduleTaskRequest,
  TaskRequestOptions,
} from './api/task_api_client';
export { useTaskPolling } from './hooks/use_task_polling';
export type { UseTaskPollingParams, UseTaskPollingResult } from './hooks/use_task_polling';
export type { PolledTask, StreamsTaskPollingParams } from './hooks/to_task_polling_params';
export { TaskStatus, TASK_STATUS_DISPLAY } from './components/task_status';
export type { TaskStatusProps } from './components/task_status';
// The state machine's rules, so a plugin's own UI offers exactly what the routes accept.
export { allowedActions, isActionAllowed, isActiveStatus } from '../common';
export type { FlatTaskResult, TaskAction } from '../common';
