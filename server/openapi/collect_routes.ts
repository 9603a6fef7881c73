// Records the routes a registration function declares, without serving them (for OpenAPI).
import type { IRouter, RouteConfig, RouteMethod } from '@kbn/core/server';

export interface CollectedRoute {
  method: RouteMethod;
  config: RouteConfig<unknown, unknown, unknown, RouteMethod>;
}

/** A router that only remembers what was registered on it. */
export function collectRoutes(register: (router: IRouter) => void): CollectedRoute[] {
  const routes: CollectedRoute[] = [];
  const recorder =
    (method: RouteMethod) =>
    (config: RouteConfig<unknown, unknown, unknown, RouteMethod>): void => {
      routes.push({ method, config });
    };
  const router = {
    routerPath: '',
    get: recorder('get'),
    post: recorder('post'),
    put: recorder('put'),
    patch: recorder('patch'),
    delete: recorder('delete'),
  } as unknown as IRouter;
  register(router);
  return routes;
}
