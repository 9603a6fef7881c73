// The browser half of the plugin: hands other plugins a task API client bound to core's http.
import type { CoreSetup, CoreStart, Plugin, PluginInitializerContext } from '@kbn/core/public';
import { TaskApiClient } from './api/task_api_client';

/** What other plugins get from `backgroundTasks` in their public `start`. */
export interface BackgroundTasksPublicStart {
  /** Calls the task routes in the current space. */
  taskClient: TaskApiClient;
}

export type BackgroundTasksPublicSetup = void;

export class BackgroundTasksPublicPlugin implements Plugin<
  BackgroundTasksPublicSetup,
  BackgroundTasksPublicStart
> {
  constructor(_initializerContext: PluginInitializerContext) {}

  public setup(_core: CoreSetup): BackgroundTasksPublicSetup {}

  public start(core: CoreStart): BackgroundTasksPublicStart {
    return { taskClient: new TaskApiClient(core.http) };
  }

  public stop() {}
}
