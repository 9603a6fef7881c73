// Mirrors src/core/packages/http/server/src/router/response.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import type { Stream } from 'stream';
import type { ResponseHeaders } from './headers';

/** HTTP response parameters. @public */
export interface HttpResponseOptions<T extends HttpResponsePayload | ResponseError = any> {
  /** HTTP message to send to the client */
  body?: T;
  /** HTTP Headers with additional information about response */
  headers?: ResponseHeaders;
  /** Bypass the default error formatting */
  bypassErrorFormat?: boolean;
}

/** Data send to the client as a response payload. @public */
export type HttpResponsePayload = undefined | string | Record<string, any> | Buffer | Stream;

/** Additional data to provide error details. @public */
export type ResponseErrorAttributes = Record<string, any>;

/** Error message and optional data send to the client in case of error. @public */
export type ResponseError =
  | string
  | Error
  | {
      message: string | Error;
      attributes?: ResponseErrorAttributes;
    };

/** A response data object, expected to be returned by a {@link RequestHandler}. @public */
export interface IKibanaResponse<T extends HttpResponsePayload | ResponseError = any> {
  readonly status: number;
  readonly payload?: T;
  readonly options: HttpResponseOptions;
}

/** HTTP response parameters for a response with adjustable status code. @public */
export interface CustomHttpResponseOptions<T extends HttpResponsePayload | ResponseError> {
  /** HTTP message to send to the client */
  body?: T;
  /** HTTP Headers with additional information about response */
  headers?: ResponseHeaders;
  /** Bypass the default error formatting */
  bypassErrorFormat?: boolean;
  statusCode: number;
}

/** HTTP response parameters for redirection response. @public */
export type RedirectResponseOptions = HttpResponseOptions & {
  headers?: ResponseHeaders;
};

/** HTTP response parameters for an error response. @public */
export interface ErrorHttpResponseOptions {
  /** HTTP message to send to the client */
  body?: ResponseError;
  /** HTTP Headers with additional information about response */
  headers?: ResponseHeaders;
}
