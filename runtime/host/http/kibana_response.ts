// Kibana's response factory: the IKibanaResponse objects route handlers return.
import type {
  CustomHttpResponseOptions,
  ErrorHttpResponseOptions,
  HttpResponseOptions,
  HttpResponsePayload,
  IKibanaResponse,
  KibanaResponseFactory,
  RedirectResponseOptions,
  ResponseError,
} from '@kbn/core/server';

export class KibanaResponse<
  T extends HttpResponsePayload | ResponseError = HttpResponsePayload,
> implements IKibanaResponse<T> {
  constructor(
    public readonly status: number,
    public readonly payload?: T,
    public readonly options: HttpResponseOptions = {}
  ) {}
}

export function isKibanaResponse(value: unknown): value is IKibanaResponse {
  return value instanceof KibanaResponse;
}

const error =
  (status: number) =>
  (options: ErrorHttpResponseOptions = {}) =>
    new KibanaResponse(status, options.body, options);

function custom<T extends HttpResponsePayload | ResponseError>(
  options: CustomHttpResponseOptions<T>
): IKibanaResponse<T> {
  const { statusCode, ...rest } = options;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new Error(`An HTTP status code between 100 and 599 is required, got ${statusCode}`);
  }
  return new KibanaResponse(statusCode, options.body, rest);
}

export const kibanaResponseFactory: KibanaResponseFactory = {
  ok: (options = {}) => new KibanaResponse(200, options.body, options),
  created: (options = {}) => new KibanaResponse(201, options.body, options),
  accepted: (options = {}) => new KibanaResponse(202, options.body, options),
  noContent: (options = {}) => new KibanaResponse(204, undefined, options),
  redirected: (options: RedirectResponseOptions) => {
    if (!options.headers?.location) throw new Error('A redirect needs a "location" header');
    return new KibanaResponse(302, options.body, options);
  },
  badRequest: error(400),
  unauthorized: error(401),
  forbidden: error(403),
  notFound: error(404),
  conflict: error(409),
  unprocessableContent: error(422),
  customError: (options) => {
    if (!options || options.statusCode < 400) {
      throw new Error(`customError needs a statusCode of 400 or more, got ${options?.statusCode}`);
    }
    return custom(options);
  },
  custom,
};
