// `GET /internal/background_tasks/_health`: whether push execution keeps up, for operators and the page.
import type { IRouter, Logger } from '@kbn/core/server';
import type { BackgroundTasksHealth } from '../../common/health/background_tasks_health';
import { HEALTH_API_PATH } from '../../common/health/background_tasks_health';
import { BACKGROUND_TASKS_PRIVILEGES } from './route_privileges';
import { toErrorResponse } from './to_error_response';

export interface HealthRouteDeps {
  router: IRouter;
  /** computes the report afresh (one `_msearch`) */
  readHealth: () => Promise<BackgroundTasksHealth>;
  logger: Logger;
}

export function registerHealthRoute({ router, readHealth, logger }: HealthRouteDeps): void {
  router.get(
    {
      path: HEALTH_API_PATH,
      security: { authz: { requiredPrivileges: [BACKGROUND_TASKS_PRIVILEGES.read] } },
      options: {
        access: 'internal',
        summary: 'Health of background task execution',
        description:
          'Live nodes with capacity and load, the dispatcher leader and its term, due tasks per ' +
          'type with the drift of the oldest, runs and failures per type over a recent window, ' +
          'and a status (OK, warn, error) with the reason. Cluster-wide: not limited to a space.',
      },
      validate: false,
    },
    async (_context, _request, response) => {
      try {
        // Never cached: an operator polling it wants the state of now.
        return response.ok({ body: await readHealth(), headers: { 'cache-control': 'no-store' } });
      } catch (caught) {
        return toErrorResponse(caught, response, logger);
      }
    }
  );
}
