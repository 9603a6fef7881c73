// Registers every route of the plugin: the task routes, health, and `_run_now` on push nodes.
import type { IRouter, KibanaRequest, Logger } from '@kbn/core/server';
import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import type { BackgroundTasksHealth } from '../../common/health/background_tasks_health';
import type { PushExecutor } from '../run_now/push_executor';
import type { TaskClient } from '../task_client';
import type { RegisteredTaskType } from '../types';
import { registerHealthRoute } from './health_route';
import { registerRunNowRoute } from './run_now_route';
import { registerTaskRoutes } from './task_routes';
import { registerTaskRunRoute } from './task_run_route';
import { registerTaskTypesRoute } from './task_types_route';

export interface BackgroundTasksRoutesDeps {
  router: IRouter;
  getTaskClient: (request: KibanaRequest) => Promise<TaskClient>;
  logger: Logger;
  /** Task Manager, read by `GET tasks/{id}/_run` */
  getTaskManager: () => Promise<Pick<TaskManagerStartContract, 'get'>>;
  /** the registered task types (`GET task_types`) */
  getTaskTypes: () => RegisteredTaskType[];
  /** computes the health report (`GET _health`) */
  readHealth: () => Promise<BackgroundTasksHealth>;
  /** present on push nodes: `_run_now` is only registered where pushes are accepted */
  push?: { token: string; executor: PushExecutor };
}

export function registerBackgroundTasksRoutes({
  router,
  getTaskClient,
  logger,
  getTaskManager,
  getTaskTypes,
  readHealth,
  push,
}: BackgroundTasksRoutesDeps): void {
  registerTaskRoutes({ router, getTaskClient, logger });
  registerTaskRunRoute({ router, getTaskClient, getTaskManager, logger });
  registerTaskTypesRoute({ router, getTaskTypes });
  registerHealthRoute({ router, readHealth, logger });
  if (push)
    registerRunNowRoute({
      router,
      token: push.token,
      executor: push.executor,
      logger: logger.get('push'),
    });
}
