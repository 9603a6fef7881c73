// Mirrors src/core/packages/http/server/src/router/response_factory.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import type {
  CustomHttpResponseOptions,
  ErrorHttpResponseOptions,
  HttpResponseOptions,
  HttpResponsePayload,
  IKibanaResponse,
  RedirectResponseOptions,
  ResponseError,
} from './response';

/** @public */
export interface KibanaSuccessResponseFactory {
  /** Status code: `200`. */
  ok<T extends HttpResponsePayload | ResponseError = any>(
    options?: HttpResponseOptions<T>
  ): IKibanaResponse<T>;
  /** Status code: `201`. */
  created<T extends HttpResponsePayload | ResponseError = any>(
    options?: HttpResponseOptions<T>
  ): IKibanaResponse<T>;
  /** Status code: `202`. */
  accepted<T extends HttpResponsePayload | ResponseError = any>(
    options?: HttpResponseOptions<T>
  ): IKibanaResponse<T>;
  /** Status code: `204`. */
  noContent(options?: HttpResponseOptions): IKibanaResponse;
}

/** @public */
export interface KibanaRedirectionResponseFactory {
  /** Redirect to a different URI (`location` header). Status code: `302`. */
  redirected(options: RedirectResponseOptions): IKibanaResponse;
}

/** @public */
export interface KibanaErrorResponseFactory {
  /** Status code: `400`. */
  badRequest(options?: ErrorHttpResponseOptions): IKibanaResponse;
  /** Status code: `401`. */
  unauthorized(options?: ErrorHttpResponseOptions): IKibanaResponse;
  /** Status code: `403`. */
  forbidden(options?: ErrorHttpResponseOptions): IKibanaResponse;
  /** Status code: `404`. */
  notFound(options?: ErrorHttpResponseOptions): IKibanaResponse;
  /** Status code: `409`. */
  conflict(options?: ErrorHttpResponseOptions): IKibanaResponse;
  /** Status code: `422`. */
  unprocessableContent(options?: ErrorHttpResponseOptions): IKibanaResponse;
  /** Creates an error response with defined status code and payload. */
  customError(options: CustomHttpResponseOptions<ResponseError>): IKibanaResponse;
}

/**
 * Set of helpers used to create `KibanaResponse` to form HTTP response on an incoming request.
 * Simplified: Kibana's also has `multiStatus`, `notModified` and `file`.
 * @public
 */
export type KibanaResponseFactory = KibanaSuccessResponseFactory &
  KibanaRedirectionResponseFactory &
  KibanaErrorResponseFactory & {
    /** Creates a response with defined status code and payload. */
    custom<T extends HttpResponsePayload | ResponseError>(
      options: CustomHttpResponseOptions<T>
    ): IKibanaResponse;
  };
