// The browser half of the plugin: registers the Background tasks app, hands out a task API client.
import type { CoreSetup, CoreStart, Plugin, PluginInitializerContext } from '@kbn/core/public';
import { TaskApiClient } from './api/task_api_client';

/** The app's id: it lives at `/app/background_tasks`. */
export const APP_ID = 'background_tasks';

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

  public setup(core: CoreSetup): BackgroundTasksPublicSetup {
    // Its own app, as Streams registers `/app/streams`, not a Stack Management section: the
    // page is where users watch their runs, and this runtime has no management plugin.
    core.application.register({
      id: APP_ID,
      title: 'Background tasks',
      mount: async (params) => {
        const [coreStart] = await core.getStartServices();
        // Loaded when mounted: plugins that only use the client never evaluate the UI.
        const { renderApp } = await import('./application/render_app');
        return renderApp(coreStart, params);
      },
    });
  }

  public start(core: CoreStart): BackgroundTasksPublicStart {
    return { taskClient: new TaskApiClient(core.http) };
  }

  public stop() {}
}
