// Registers every route of the plugin: the task routes, and `_run_now` on push nodes.
import type { IRouter, KibanaRequest, Logger } from '@kbn/core/server';
import type { PushExecutor } from '../run_now/push_executor';
import type { TaskClient } from '../task_client';
import { registerRunNowRoute } from './run_now_route';
import { registerTaskRoutes } from './task_routes';

export interface BackgroundTasksRoutesDeps {
  router: IRouter;
  getTaskClient: (request: KibanaRequest) => Promise<TaskClient>;
  logger: Logger;
  /** present on push nodes: `_run_now` is only registered where pushes are accepted */
  push?: { token: string; executor: PushExecutor };
}

export function registerBackgroundTasksRoutes({
  router,
  getTaskClient,
  logger,
  push,
}: BackgroundTasksRoutesDeps): void {
  registerTaskRoutes({ router, getTaskClient, logger });
  if (push)
    registerRunNowRoute({
      router,
      token: push.token,
      executor: push.executor,
      logger: logger.get('push'),
    });
}
