// Mirrors src/core/packages/http/server/src/router/{request_handler,request_handler_context}.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import type { RouteMethod } from './route';
import type { KibanaRequest } from './request';
import type { IKibanaResponse } from './response';
import type { KibanaResponseFactory } from './response_factory';

/** Mirrors `AwaitedProperties` from @kbn/utility-types. */
export type AwaitedProperties<T> = {
  [K in keyof T]: Awaited<T[K]>;
};

/**
 * Base, abstract type for request handler contexts.
 * @public
 **/
export interface RequestHandlerContextBase {
  /** Await all the specified context parts and return them. */
  resolve: <T extends keyof Omit<this, 'resolve'>>(
    parts: T[]
  ) => Promise<AwaitedProperties<Pick<this, T>>>;
}

/**
 * A function executed when route path matched requested resource path.
 * @public
 */
export type RequestHandler<
  P = unknown,
  Q = unknown,
  B = unknown,
  Context extends RequestHandlerContextBase = RequestHandlerContextBase,
  Method extends RouteMethod = any,
  ResponseFactory extends KibanaResponseFactory = KibanaResponseFactory,
> = (
  context: Context,
  request: KibanaRequest<P, Q, B, Method>,
  response: ResponseFactory
) => IKibanaResponse<any> | Promise<IKibanaResponse<any>>;
