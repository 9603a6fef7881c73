// Mirrors src/core/packages/http/server/src/router/router.ts (elastic/kibana)

import type { RouteConfig, RouteMethod } from './route';
import type { RequestHandler, RequestHandlerContextBase } from './request_handler';

/** Route handler common definition. @public */
export type RouteRegistrar<
  Method extends RouteMethod,
  Context extends RequestHandlerContextBase = RequestHandlerContextBase,
> = <P, Q, B>(
  route: RouteConfig<P, Q, B, Method>,
  handler: RequestHandler<P, Q, B, Context, Method>
) => void;

/**
 * Registers route handlers for specified resource path and method.
 * Simplified: Kibana's also has `handleLegacyErrors`, `getRoutes` and `versioned`.
 * @public
 */
export interface IRouter<Context extends RequestHandlerContextBase = RequestHandlerContextBase> {
  /** Resulted path */
  routerPath: string;
  get: RouteRegistrar<'get', Context>;
  post: RouteRegistrar<'post', Context>;
  put: RouteRegistrar<'put', Context>;
  patch: RouteRegistrar<'patch', Context>;
  delete: RouteRegistrar<'delete', Context>;
}
