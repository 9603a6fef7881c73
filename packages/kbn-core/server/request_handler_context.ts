// Mirrors src/core/packages/http/request-handler-context-server/src/request_handler_context.ts (elastic/kibana)

import type { ElasticsearchRequestHandlerContext } from './elasticsearch';
import type { RequestHandlerContextBase } from './http';

/**
 * The `core` context provided to route handler.
 * Simplified: Kibana's also has `savedObjects`, `featureFlags`, `uiSettings`, `deprecations`,
 * `security` and `userProfile`.
 * @public
 */
export interface CoreRequestHandlerContext {
  elasticsearch: ElasticsearchRequestHandlerContext;
}

/**
 * Base context passed to a route handler, containing the `core` context part.
 * @public
 */
export interface RequestHandlerContext extends RequestHandlerContextBase {
  core: Promise<CoreRequestHandlerContext>;
}

/**
 * Mixin allowing plugins to define their own request handler contexts.
 * @public
 */
export type CustomRequestHandlerContext<T> = RequestHandlerContext & {
  [Key in keyof T]: T[Key] extends Promise<unknown> ? T[Key] : Promise<T[Key]>;
};
