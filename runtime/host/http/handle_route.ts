// Runs one Kibana route for one Hapi request: xsrf, authz, validation, the handler, the response.
import type { Lifecycle, Request, ResponseToolkit } from '@hapi/hapi';
import { ValidationError } from '@kbn/config-schema';
import type {
  Headers,
  IClusterClient,
  KibanaRequest,
  Logger,
  RequestHandler,
  RouteConfig,
  RouteMethod,
  RouteValidator,
} from '@kbn/core/server';
import type { RequestHandlerContext } from '@kbn/core/server';
import { kibanaRequestFactory } from '@kbn/core-http-server-utils';
import type { KibanaRequestState } from '@kbn/core-http-server-utils/src/raw_request';
import type { AuthenticatedUser } from '@kbn/core/server';
import type { Authorizer } from './authorize';
import { ElasticsearchAuthorizer } from './authorize_with_elasticsearch';
import { isKibanaResponse, kibanaResponseFactory } from './kibana_response';
import { createRequestContext } from './request_context';
import { INTERNAL_ERROR_BODY, toErrorBody, toHapiResponse } from './to_hapi_response';

export interface RouteDeps {
  /** configured credentials (or none: security off), or Elasticsearch's security */
  authorizer: Authorizer | ElasticsearchAuthorizer;
  /** the space a request was made in (its `/s/{space}` base path) */
  spaceIdOf: (request: Request) => string;
  /** told who each request was authenticated as, for `core.security.authc.getCurrentUser` */
  onAuthenticated?: (request: KibanaRequest, user: AuthenticatedUser) => void;
  client: IClusterClient;
  logger: Logger;
  xsrfDisabled: boolean;
}

const SAFE_METHODS = new Set<RouteMethod>(['get', 'options']);

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function resolveValidator<P, Q, B>(
  validate: RouteConfig<P, Q, B, RouteMethod>['validate']
): RouteValidator<P, Q, B> {
  if (validate === false) return {};
  return typeof validate === 'function' ? validate() : validate;
}

const JSON_MIME = /^application\/(?:.+\+)?json$/;

/**
 * Whether a request to a JSON route carries JSON: an empty body does (nothing to parse), any
 * other needs a JSON content-type, as a Kibana route that accepts only JSON answers 415.
 */
function isJsonPayload(request: Request): boolean {
  const { payload } = request;
  if (payload === null || payload === undefined) return true;
  if ((typeof payload === 'string' || Buffer.isBuffer(payload)) && payload.length === 0)
    return true;
  return JSON_MIME.test(request.mime ?? '');
}

/** The Hapi handler for a Kibana route. */
export function handleRoute<P, Q, B, Method extends RouteMethod>(
  method: Method,
  route: RouteConfig<P, Q, B, Method>,
  handler: RequestHandler<P, Q, B, RequestHandlerContext, Method>,
  deps: RouteDeps
): Lifecycle.Method {
  const label = `[${method.toUpperCase()} ${route.path}]`;
  const validator = resolveValidator(route.validate);
  const xsrfRequired = route.options?.xsrfRequired !== false;
  // A route that sets its own body handling (accepts, parse, output) gets what hapi gives it.
  const body = (route.options as { body?: Record<string, unknown> } | undefined)?.body;
  const jsonBody =
    !SAFE_METHODS.has(method) &&
    body?.accepts === undefined &&
    (body?.parse ?? true) === true &&
    (body?.output ?? 'data') === 'data';

  return async (hapiRequest: Request, h: ResponseToolkit) => {
    const reply = (status: number, message: string) =>
      h.response(toErrorBody(status, message)).code(status);
    if (!SAFE_METHODS.has(method) && xsrfRequired && !deps.xsrfDisabled) {
      // Kibana's browser http sends `kbn-version`, not `kbn-xsrf`: either proves the request
      // came from a Kibana client. Kibana: src/core/packages/http/server-internal/src/lifecycle_handlers.ts
      const { headers } = hapiRequest;
      if (headers['kbn-xsrf'] === undefined && headers['kbn-version'] === undefined) {
        return reply(400, 'Request must carry a kbn-xsrf header');
      }
    }
    let auth;
    try {
      auth = await deps.authorizer.authorize(
        route.security,
        hapiRequest.headers as Headers,
        label,
        deps.spaceIdOf(hapiRequest)
      );
    } catch (error: unknown) {
      // Elasticsearch unreachable (no status): the caller may retry, as the routes' own 503 says.
      const status = (error as { meta?: { statusCode?: number } })?.meta?.statusCode;
      deps.logger.error(`${label} could not be authorized: ${toError(error).message}`);
      if (status === undefined) {
        return reply(503, 'Elasticsearch could not authenticate the request').header(
          'retry-after',
          '1'
        );
      }
      return h.response(INTERNAL_ERROR_BODY).code(500);
    }
    if (!auth.ok) {
      const refused = reply(auth.status, auth.message);
      // A browser asks its user for a login on this challenge (the runtime has no login page).
      return auth.status === 401 && deps.authorizer instanceof ElasticsearchAuthorizer
        ? refused.header('www-authenticate', 'Basic realm="kibana", charset="UTF-8"')
        : refused;
    }
    if (jsonBody && !isJsonPayload(hapiRequest)) {
      const sent = hapiRequest.headers['content-type'] ?? 'none';
      return reply(
        415,
        `Unsupported Media Type: the request body must be JSON with content-type: application/json (got content-type [${sent}])`
      );
    }
    (hapiRequest.app as KibanaRequestState).isAuthenticated = auth.isAuthenticated;

    let request: KibanaRequest<P, Q, B, Method>;
    try {
      request = kibanaRequestFactory<P, Q, B>(hapiRequest, validator) as KibanaRequest<
        P,
        Q,
        B,
        Method
      >;
    } catch (error: unknown) {
      if (error instanceof ValidationError || (error as Error)?.name === 'ValidationError') {
        return reply(400, toError(error).message);
      }
      throw error;
    }
    if ('user' in auth && auth.user) deps.onAuthenticated?.(request, auth.user);

    try {
      const context = createRequestContext(deps.client, request);
      const response = await handler(context, request, kibanaResponseFactory);
      if (!isKibanaResponse(response)) {
        throw new Error(
          `${label} handler returned ${typeof response}, not a response-factory result`
        );
      }
      return toHapiResponse(h, response);
    } catch (error: unknown) {
      // The cause goes to the log; the client only learns that something failed on our side.
      deps.logger.error(`${label} handler failed: ${toError(error).message}`, {
        error: { message: toError(error).message, stack_trace: toError(error).stack },
      });
      return h.response(INTERNAL_ERROR_BODY).code(500);
    }
  };
}
