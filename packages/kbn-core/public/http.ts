// Mirrors src/core/packages/http/browser/src/types.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

/**
 * APIs for manipulating the basePath on URL segments.
 * Simplified: Kibana's also has `assetsHrefBase`.
 * @public
 */
export interface IBasePath {
  /** Gets the `basePath` string (including a `/s/{space}` prefix in a space). */
  get: () => string;
  /** Prepends `path` with the basePath. */
  prepend: (url: string) => string;
  /** Removes the prepended basePath from the `path`. */
  remove: (url: string) => string;
  /** Returns the server's root basePath as configured, without any namespace prefix. */
  readonly serverBasePath: string;
  /** The server's publicly exposed base URL, if configured. */
  readonly publicBaseUrl?: string;
}

/**
 * Headers to append to the request. Headers beginning with `kbn-` are private to Core.
 * @public
 */
export interface HttpHeadersInit {
  [name: string]: any;
}

/**
 * Fetch API options available to {@link HttpHandler}s.
 * @public
 */
export interface HttpRequestInit {
  body?: BodyInit | null;
  cache?: RequestCache;
  credentials?: RequestCredentials;
  headers?: HttpHeadersInit;
  integrity?: string;
  keepalive?: boolean;
  method?: string;
  mode?: RequestMode;
  redirect?: RequestRedirect;
  referrer?: string;
  referrerPolicy?: ReferrerPolicy;
  signal?: AbortSignal | null;
  window?: null;
}

/** @public */
export interface HttpFetchQuery {
  [key: string]: string | number | boolean | string[] | number[] | boolean[] | undefined | null;
}

/**
 * All options that may be used with a {@link HttpHandler}.
 * Simplified: Kibana's also has `context` (execution context).
 * @public
 */
export interface HttpFetchOptions extends HttpRequestInit {
  /** The query string for an HTTP request. */
  query?: HttpFetchQuery;
  /** Whether or not the request should automatically prepend the basePath. Defaults to `true`. */
  prependBasePath?: boolean;
  /** Headers to send with the request. */
  headers?: HttpHeadersInit;
  /** Whether to send the "system request" header. Defaults to `false`. */
  asSystemRequest?: boolean;
  /** When `true`, resolve to an {@link HttpResponse} instead of the parsed body. */
  asResponse?: boolean;
  /** When `true`, the response is returned as is, without being processed. */
  rawResponse?: boolean;
  /** The API version used to populate the `elastic-api-version` header. */
  version?: string;
}

/** Similar to {@link HttpFetchOptions} but with the URL path included. @public */
export interface HttpFetchOptionsWithPath extends HttpFetchOptions {
  path: string;
}

/** @public */
export interface HttpResponse<TResponseBody = unknown> {
  /** The original {@link HttpFetchOptionsWithPath} used to send this request. */
  readonly fetchOptions: Readonly<HttpFetchOptionsWithPath>;
  /** Raw request sent to Kibana server. */
  readonly request: Readonly<Request>;
  /** Raw response received, may be undefined if there was an error. */
  readonly response?: Readonly<Response>;
  /** Parsed body received, may be undefined if there was an error. */
  readonly body?: TResponseBody;
}

/**
 * A function for making an HTTP requests to Kibana's backend.
 * @public
 */
export interface HttpHandler {
  <TResponseBody = unknown>(
    path: string,
    options: HttpFetchOptions & { asResponse: true }
  ): Promise<HttpResponse<TResponseBody>>;
  <TResponseBody = unknown>(
    options: HttpFetchOptionsWithPath & { asResponse: true }
  ): Promise<HttpResponse<TResponseBody>>;
  <TResponseBody = unknown>(path: string, options?: HttpFetchOptions): Promise<TResponseBody>;
  <TResponseBody = unknown>(options: HttpFetchOptionsWithPath): Promise<TResponseBody>;
}

/** @public */
export interface ResponseErrorBody {
  message: string;
  statusCode: number;
  attributes?: Record<string, unknown>;
}

/** @public */
export interface IHttpFetchError<TResponseBody = unknown> extends Error {
  readonly name: string;
  readonly request: Request;
  readonly response?: Response;
  readonly body?: TResponseBody;
}

/**
 * Simplified: Kibana's also has `staticAssets`, `anonymousPaths`, `externalUrl`, `intercept`,
 * `addLoadingCountSource` and `getLoadingCount$`.
 * @public
 */
export interface HttpSetup {
  /** APIs for manipulating the basePath on URL segments. */
  basePath: IBasePath;
  /** Makes an HTTP request. Defaults to a GET request unless overridden. */
  fetch: HttpHandler;
  delete: HttpHandler;
  get: HttpHandler;
  head: HttpHandler;
  options: HttpHandler;
  patch: HttpHandler;
  post: HttpHandler;
  put: HttpHandler;
}

/** @public */
export type HttpStart = HttpSetup;
