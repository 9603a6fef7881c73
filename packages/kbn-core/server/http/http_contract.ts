// Mirrors src/core/packages/http/server/src/{http_contract,base_path}.ts (elastic/kibana)

import type { KibanaRequest } from './request';
import type { IRouter } from './router';
import type { RequestHandlerContextBase } from './request_handler';

/**
 * Access or manipulate the Kibana base path.
 * @public
 */
export interface IBasePath {
  /** The server's basePath. */
  readonly serverBasePath: string;
  /** The server's publicly exposed base URL, if configured. */
  readonly publicBaseUrl?: string;
  /** Returns the `basePath` value specific to an incoming request (e.g. with `/s/{space}`). */
  get(request: KibanaRequest): string;
  /** Sets the `basePath` value specific to an incoming request. */
  set(request: KibanaRequest, requestSpecificBasePath: string): void;
  /** Prepends `path` with the basePath. */
  prepend(path: string): string;
  /** Removes the prepended basePath from the `path`. */
  remove(path: string): string;
}

/**
 * Information about what hostname, port, and protocol the server process is running on.
 * @public
 */
export interface HttpServerInfo {
  /** The name of the Kibana server */
  name: string;
  /** The hostname of the server */
  hostname: string;
  /** The port the server is listening on */
  port: number;
  /** The protocol used by the server */
  protocol: 'http' | 'https' | 'socket';
}

/**
 * Kibana HTTP Service, setup contract.
 * Simplified: Kibana's also has the `register*` interceptors, `registerRouteHandlerContext`,
 * `createCookieSessionStorageFactory`, `staticAssets`, `csp` and `getDeprecatedRoutes`.
 * @public
 */
export interface HttpServiceSetup<
  DefaultRequestHandlerType extends RequestHandlerContextBase = RequestHandlerContextBase,
> {
  /** Access or manipulate the Kibana base path. */
  basePath: IBasePath;
  /** Creates a router to register handler functions for paths and HTTP methods. */
  createRouter: <
    Context extends DefaultRequestHandlerType = DefaultRequestHandlerType,
  >() => IRouter<Context>;
  /** Provides common information about the running http server. */
  getServerInfo: () => HttpServerInfo;
}

/**
 * Kibana HTTP Service, start contract.
 * Simplified: Kibana's also has `staticAssets` and `auth`.
 * @public
 */
export interface HttpServiceStart {
  /** Access or manipulate the Kibana base path. */
  basePath: IBasePath;
  /** Provides common information about the running http server. */
  getServerInfo: () => HttpServerInfo;
}
