// Mirrors src/core/packages/http/server/src/router/{request,raw_request,socket}.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import type { URL } from 'url';
import type { Observable } from 'rxjs';
import type { RouteMethod, RouteConfigOptions, RouteSecurity } from './route';
import type { Headers } from './headers';

/** Mirrors `RecursiveReadonly` from @kbn/utility-types (simplified). */
export type RecursiveReadonly<T> = T extends (...args: any[]) => any
  ? T
  : T extends object
    ? { readonly [K in keyof T]: RecursiveReadonly<T[K]> }
    : T;

/**
 * Defines an http protocol: http1 regroups all http/1.x protocols, http2 is h2.
 * (Mirrors src/core/packages/http/server/src/http_contract.ts)
 */
export type HttpProtocol = 'http1' | 'http2';

/**
 * A tiny abstraction for TCP socket.
 * Simplified: Kibana's also has `getPeerCertificate`, `getProtocol` and `renegotiate`.
 * @public
 */
export interface IKibanaSocket {
  /** Whether the socket's peer certificate was signed by a trusted CA (TLS only). */
  readonly authorized?: boolean;
  /** The reason why the peer's certificate has not been verified (TLS only). */
  readonly authorizationError?: Error;
  /** The string representation of the remote IP address. */
  readonly remoteAddress?: string;
}

/**
 * Route options: If 'GET' or 'OPTIONS' method, body options won't be returned.
 * @public
 */
export type KibanaRequestRouteOptions<Method extends RouteMethod> = (Method extends
  'get' | 'options'
  ? Required<Omit<RouteConfigOptions<Method>, 'body'>>
  : Required<RouteConfigOptions<Method>>) & { security?: RouteSecurity };

/** Request specific route information exposed to a handler. @public */
export interface KibanaRequestRoute<Method extends RouteMethod> {
  path: string;
  method: Method;
  options: KibanaRequestRouteOptions<Method>;
  routePath?: string;
}

/** Request events. @public */
export interface KibanaRequestEvents {
  /** Observable that emits once if and when the request has been aborted. */
  aborted$: Observable<void>;
  /** Observable that emits once if and when the request has been completely handled. */
  completed$: Observable<void>;
}

/** Auth status for this request. @public */
export interface KibanaRequestAuth {
  /** true if the request has been successfully authenticated, false otherwise. */
  isAuthenticated: boolean;
}

/**
 * Kibana specific abstraction for an incoming request.
 * @public
 */
export interface KibanaRequest<
  Params = unknown,
  Query = unknown,
  Body = unknown,
  Method extends RouteMethod = any,
> {
  /** An identifier for this request (may come from the `X-Opaque-Id` header). */
  readonly id: string;
  /** A UUID uniquely identifying the request. */
  readonly uuid: string;
  /** a WHATWG URL standard object. */
  readonly url: URL;
  /** matched route details */
  readonly route: RecursiveReadonly<KibanaRequestRoute<Method>>;
  /** Readonly (filtered) copy of incoming request headers. */
  readonly headers: Headers;
  /** Whether the request is a "system request" rather than an application-level request. */
  readonly isSystemRequest: boolean;
  /** Whether the request was created from a {@link FakeRawRequest}. */
  readonly isFakeRequest: boolean;
  /** An internal request has access to internal routes. */
  readonly isInternalApiRequest: boolean;
  /** The HTTP version sent by the client. */
  readonly httpVersion: string;
  /** The protocol used by the client, inferred from the httpVersion. */
  readonly protocol: HttpProtocol;
  /** The socket associated with this request. */
  readonly socket: IKibanaSocket;
  /** Allow to listen to events bound to this request. */
  readonly events: KibanaRequestEvents;
  /** The auth status of this request. */
  readonly auth: KibanaRequestAuth;
  /** URL rewritten in onPreRouting request interceptor. */
  readonly rewrittenUrl?: URL;
  /** The versioned route API version of this request. */
  readonly apiVersion: string | undefined;
  /** The path parameter of this request. */
  readonly params: Params;
  /** The query parameter of this request. */
  readonly query: Query;
  /** The body payload of this request. */
  readonly body: Body;
}

/**
 * Represents a fake raw request; can be used to instantiate a `KibanaRequest`
 * (with `kibanaRequestFactory` from `@kbn/core-http-server-utils`, not declared here).
 * Simplified: `route.settings.app` and `route.settings.payload` are loosely typed.
 */
export interface FakeRawRequest {
  /** The headers associated with the request. */
  headers: Headers;
  /** The path of the request. */
  path: string;
  method?: string;
  url?: URL;
  app?: Record<string, unknown>;
  auth?: {
    isAuthenticated?: boolean;
  };
  route?: {
    settings?: {
      tags?: string[];
      app?: Record<string, unknown>;
      payload?: Record<string, unknown>;
    };
  };
}
