// The runtime's Task Manager plugin: its initializer, config descriptor and public types.
import type { PluginConfigDescriptor, PluginInitializerContext } from '@kbn/core/server';
import { configSchema } from './config';
import type { TaskManagerConfig } from './config';
import { TaskManagerPlugin } from './plugin';

export const config: PluginConfigDescriptor<TaskManagerConfig> = {
  schema: configSchema,
};

export const plugin = async (initContext: PluginInitializerContext) =>
  new TaskManagerPlugin(initContext);

export { TaskManagerPlugin } from './plugin';
export type {
  RuntimeTaskManagerStart,
  TaskManagerPluginOptions,
  TaskManagerPluginsStart,
} from './plugin';
export { configSchema } from './config';
export type { TaskManagerConfig } from './config';
export {
  defaultFakeRequestFactory,
  getSpaceBasePath,
  getSpaceIdFromPath,
} from './fake_request_factory';
export type { FakeRequestFactory, TaskRequestScope } from './fake_request_factory';
export { EphemeralTaskRunError } from './polling_lifecycle';
export type { EphemeralRunResult, EphemeralTask } from './polling_lifecycle';
export { TaskAlreadyRunningError } from './task_scheduling';
export {
  EphemeralTaskRejectedDueToCapacityError,
  TaskConflictError,
  TaskNotFoundError,
  TaskStoreError,
} from './errors';
