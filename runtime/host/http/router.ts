// `http.createRouter()`: an IRouter whose routes are registered on the host's Hapi server.
import type { RouteOptions, Server } from '@hapi/hapi';
import type {
  IRouter,
  RequestHandler,
  RouteConfig,
  RouteMethod,
  RouteRegistrar,
} from '@kbn/core/server';
import type { RequestHandlerContext } from '@kbn/core/server';
import type { KibanaRouteOptions } from '@kbn/core-http-server-utils/src/raw_request';
import { checkRouteSecurity } from './check_route_security';
import { handleRoute } from './handle_route';
import type { RouteDeps } from './handle_route';

/** Largest accepted request body, in bytes (Kibana's `server.maxPayload` default). */
const DEFAULT_MAX_BYTES = 1_048_576;

function hapiOptions<Method extends RouteMethod>(
  method: Method,
  route: RouteConfig<unknown, unknown, unknown, Method>
): Partial<RouteOptions> {
  const app: KibanaRouteOptions = {
    xsrfRequired: route.options?.xsrfRequired !== false,
    access: route.options?.access ?? 'internal',
    security: route.security,
  };
  const options: Partial<RouteOptions> = { app, tags: [...(route.options?.tags ?? [])] };
  if (method !== 'get' && method !== 'options') {
    const body = route.options?.body;
    options.payload = {
      maxBytes: body?.maxBytes ?? DEFAULT_MAX_BYTES,
      output: body?.output ?? 'data',
      parse: body?.parse ?? true,
      // hapi reads a body without content-type as JSON; read it as bytes, which a JSON route
      // then refuses with 415 (handleRoute) rather than parse what the client did not call JSON.
      defaultContentType: 'application/octet-stream',
      ...(body?.accepts ? { allow: body.accepts } : {}),
    };
  }
  return options;
}

export class Router implements IRouter<RequestHandlerContext> {
  public readonly routerPath = '';
  public readonly get: RouteRegistrar<'get', RequestHandlerContext>;
  public readonly post: RouteRegistrar<'post', RequestHandlerContext>;
  public readonly put: RouteRegistrar<'put', RequestHandlerContext>;
  public readonly patch: RouteRegistrar<'patch', RequestHandlerContext>;
  public readonly delete: RouteRegistrar<'delete', RequestHandlerContext>;

  constructor(
    private readonly server: Server,
    private readonly deps: RouteDeps
  ) {
    this.get = this.registrar('get');
    this.post = this.registrar('post');
    this.put = this.registrar('put');
    this.patch = this.registrar('patch');
    this.delete = this.registrar('delete');
  }

  private registrar<Method extends RouteMethod>(
    method: Method
  ): RouteRegistrar<Method, RequestHandlerContext> {
    return <P, Q, B>(
      route: RouteConfig<P, Q, B, Method>,
      handler: RequestHandler<P, Q, B, RequestHandlerContext, Method>
    ) => {
      const label = `[${method.toUpperCase()} ${route.path}]`;
      if (!route.path?.startsWith('/')) throw new Error(`${label}: the path must start with "/"`);
      checkRouteSecurity(route.security, label);
      this.server.route({
        method,
        path: route.path,
        options: {
          ...hapiOptions(method, route as RouteConfig<unknown, unknown, unknown, Method>),
          handler: handleRoute(method, route, handler, this.deps),
        },
      });
    };
  }
}
