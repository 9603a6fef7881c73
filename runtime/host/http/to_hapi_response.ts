// Writes an IKibanaResponse through Hapi, giving errors Kibana's `{ statusCode, error, message }` body.
import { STATUS_CODES } from 'node:http';
import type { ResponseObject, ResponseToolkit } from '@hapi/hapi';
import type { IKibanaResponse, ResponseError } from '@kbn/core/server';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  attributes?: Record<string, unknown>;
}

function messageOf(payload: ResponseError | undefined, fallback: string): string {
  if (payload === undefined || payload === null) return fallback;
  if (typeof payload === 'string') return payload;
  if (payload instanceof Error) return payload.message;
  const { message } = payload;
  return message instanceof Error ? message.message : String(message);
}

/** Kibana's error body for `status`, with the handler's message and attributes when it gave them. */
export function toErrorBody(status: number, payload?: ResponseError): ErrorBody {
  const error = STATUS_CODES[status] ?? 'Unknown';
  const body: ErrorBody = { statusCode: status, error, message: messageOf(payload, error) };
  const attributes =
    payload && typeof payload === 'object' && !(payload instanceof Error)
      ? payload.attributes
      : undefined;
  if (attributes) body.attributes = attributes;
  return body;
}

export const INTERNAL_ERROR_BODY = toErrorBody(500, 'An internal server error occurred.');

export function toHapiResponse(h: ResponseToolkit, response: IKibanaResponse): ResponseObject {
  const { status, payload, options } = response;
  const isError = status >= 400 && !options.bypassErrorFormat;
  const body = isError ? toErrorBody(status, payload as ResponseError) : payload;
  const hapiResponse = h.response(body as never).code(status);
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    hapiResponse.header(name, Array.isArray(value) ? value.join(', ') : String(value));
  }
  return hapiResponse;
}
