// The server entry point: the plugin initializer, its config descriptor and the public API.
import type { PluginConfigDescriptor, PluginInitializerContext } from '@kbn/core/server';
import { configSchema, type BackgroundTasksConfig } from './config';

export const config: PluginConfigDescriptor<BackgroundTasksConfig> = {
  schema: configSchema,
};

export async function plugin(initializerContext: PluginInitializerContext<BackgroundTasksConfig>) {
  const { BackgroundTasksPlugin } = await import('./plugin');
  return new BackgroundTasksPlugin(initializerContext);
}

export type { BackgroundTasksConfig } from './config';
export type {
  BackgroundTasksPluginSetup,
  BackgroundTasksPluginSetupDeps,
  BackgroundTasksPluginStart,
  BackgroundTasksPluginStartDeps,
  RegisterTasksOptions,
} from './plugin';
export type { TaskClient, ScheduleRequest, ListOptions } from './task_client';
export type { BulkScheduleResult } from './bulk_schedule';
export type { CancellableRun, CancellableTaskContext } from './cancellable_task';
export { cancellableTask } from './cancellable_task';
export { TaskService } from './task_service';
export { defineBackgroundTask } from './define_background_task';
export { registerTaskActionRoute } from './routes/register_task_action_route';
export type { TaskActionRouteOptions } from './routes/register_task_action_route';
export { BACKGROUND_TASKS_PRIVILEGES } from './routes/route_privileges';
export {
  AcknowledgingIncompleteError,
  CancellationInProgressError,
  InvalidListOptionsError,
  InvalidTaskParamsError,
  InvalidTaskScheduleError,
  isTaskConflictError,
  TaskConflictError,
  TaskNotFoundError,
  UnknownTaskTypeError,
} from './errors';
export type {
  BackgroundTaskDefinition,
  BackgroundTaskDefinitionRegistry,
  BackgroundTaskProgress,
  BackgroundTaskRunArgs,
  BackgroundTaskRunResult,
  GetScopedClients,
  RegisteredTaskType,
  ScopedClients,
  TaskContext,
  TaskManagerTaskParams,
  TaskSchedule,
  TrackingReference,
} from './types';
