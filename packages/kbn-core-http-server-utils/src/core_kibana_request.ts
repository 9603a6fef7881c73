// Mirrors src/core/packages/http/router-server-internal/src/request.ts (elastic/kibana): The one KibanaRequest implementation, for Hapi requests and for plugin-made fake requests alike.
import { randomUUID } from 'node:crypto';
import { URL } from 'node:url';
import { NEVER, filter, first, fromEvent, map, shareReplay } from 'rxjs';
import type { Observable } from 'rxjs';
import type { Request } from '@hapi/hapi';
import type {
  Headers,
  HttpProtocol,
  IKibanaSocket,
  KibanaRequest,
  KibanaRequestAuth,
  KibanaRequestEvents,
  KibanaRequestRoute,
  RouteMethod,
} from '@kbn/core/server';
import { isRealRawRequest } from './raw_request';
import type { KibanaRequestState, KibanaRouteOptions, RawRequest } from './raw_request';

const rawRequestSymbol = Symbol('rawRequest');
const FAKE_URL = 'https://fake-request/url';
const SAFE_METHODS = new Set(['get', 'options']);

type Route<Method extends RouteMethod> = KibanaRequest<unknown, unknown, unknown, Method>['route'];

function routeOptionsOf(request: RawRequest): Partial<KibanaRouteOptions> {
  const app = (request.route?.settings as { app?: Partial<KibanaRouteOptions> } | undefined)?.app;
  return app ?? {};
}

function buildRoute<Method extends RouteMethod>(request: RawRequest): Route<Method> {
  const method = ((request.method ?? 'get') as string).toLowerCase() as Method;
  const kibanaOptions = routeOptionsOf(request);
  const real = isRealRawRequest(request);
  const payload = (real ? request.route.settings.payload : undefined) ?? {};
  const route: KibanaRequestRoute<Method> = {
    path: request.path ?? '/',
    routePath: real ? request.route.path : undefined,
    method,
    options: {
      authRequired: true,
      xsrfRequired: kibanaOptions.xsrfRequired ?? true,
      access: kibanaOptions.access ?? 'internal',
      tags: (request.route?.settings?.tags as string[] | undefined) ?? [],
      security: kibanaOptions.security,
      timeout: {},
      summary: '',
      description: '',
      body: SAFE_METHODS.has(method)
        ? undefined
        : {
            parse: payload.parse as boolean | undefined,
            maxBytes: payload.maxBytes as number | undefined,
            output: payload.output as 'data' | 'stream' | undefined,
            accepts: payload.allow as string[] | undefined,
          },
    } as unknown as KibanaRequestRoute<Method>['options'],
  };
  return Object.freeze(route) as unknown as Route<Method>;
}

function buildEvents(request: RawRequest): KibanaRequestEvents {
  if (!isRealRawRequest(request)) return { aborted$: NEVER, completed$: NEVER };
  const response = request.raw.res;
  const completed$: Observable<void> = fromEvent(response, 'close').pipe(
    map(() => undefined),
    shareReplay(1),
    first()
  );
  const aborted$ = completed$.pipe(filter(() => !response.writableFinished));
  return { aborted$, completed$ };
}

function buildSocket(request: RawRequest): IKibanaSocket {
  if (!isRealRawRequest(request)) return {};
  const socket = request.raw.req.socket as { authorized?: boolean; remoteAddress?: string };
  return { authorized: socket?.authorized, remoteAddress: socket?.remoteAddress };
}

/**
 * A KibanaRequest: for a real request, built when the route handler runs (with validated parts);
 * for a fake one, empty params/query/body, no events, and `isFakeRequest: true`.
 */
export class CoreKibanaRequest<
  Params = unknown,
  Query = unknown,
  Body = unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kibana's own default
  Method extends RouteMethod = any,
> implements KibanaRequest<Params, Query, Body, Method> {
  public readonly id: string;
  public readonly uuid: string;
  public readonly url: URL;
  public readonly route: Route<Method>;
  public readonly headers: Headers;
  public readonly isSystemRequest: boolean;
  public readonly isFakeRequest: boolean;
  public readonly isInternalApiRequest: boolean;
  public readonly httpVersion: string;
  public readonly protocol: HttpProtocol;
  public readonly socket: IKibanaSocket;
  public readonly events: KibanaRequestEvents;
  public readonly auth: KibanaRequestAuth;
  public readonly rewrittenUrl?: URL;
  public readonly apiVersion: string | undefined = undefined;
  declare private readonly [rawRequestSymbol]: RawRequest;

  constructor(
    request: RawRequest,
    public readonly params: Params,
    public readonly query: Query,
    public readonly body: Body
  ) {
    const real = isRealRawRequest(request);
    const state = (request.app ?? {}) as KibanaRequestState;
    this.id = state.requestId ?? randomUUID();
    this.uuid = state.requestUuid ?? randomUUID();
    this.url = request.url ?? new URL(FAKE_URL);
    this.rewrittenUrl = state.rewrittenUrl;
    // A real request's headers are a frozen copy; a fake one keeps the object it was given.
    this.headers = real ? (Object.freeze({ ...request.headers }) as Headers) : request.headers;
    this.isSystemRequest = this.headers['kbn-system-request'] === 'true';
    this.isFakeRequest = !real;
    this.isInternalApiRequest =
      'x-elastic-internal-origin' in this.headers ||
      this.url.searchParams.has('elasticInternalOrigin');
    this.httpVersion = real ? request.raw.req.httpVersion : '1.0';
    this.protocol = this.httpVersion === '2.0' ? 'http2' : 'http1';
    this.route = buildRoute<Method>(request);
    this.socket = buildSocket(request);
    this.events = buildEvents(request);
    this.auth = {
      isAuthenticated: real
        ? state.isAuthenticated === true
        : (request.auth?.isAuthenticated ?? false),
    };
    // Not enumerable, so the raw request never shows up when a request is logged or serialised.
    Object.defineProperty(this, rawRequestSymbol, { value: request, enumerable: false });
  }

  toString(): string {
    return `[KibanaRequest id="${this.id}" method="${this.route.method}" url="${this.url}" fake="${this.isFakeRequest}"]`;
  }

  toJSON() {
    return {
      id: this.id,
      uuid: this.uuid,
      url: `${this.url}`,
      isFakeRequest: this.isFakeRequest,
      isSystemRequest: this.isSystemRequest,
      isInternalApiRequest: this.isInternalApiRequest,
      auth: { ...this.auth },
      route: this.route,
    };
  }

  /** The Hapi or fake request this was built from (the key for per-request state). */
  static rawOf(request: KibanaRequest | RawRequest): RawRequest | Request {
    const raw = (request as { [rawRequestSymbol]?: RawRequest })[rawRequestSymbol];
    return raw ?? (request as RawRequest);
  }
}
