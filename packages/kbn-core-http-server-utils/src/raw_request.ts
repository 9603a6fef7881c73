// Mirrors src/core/packages/http/server-utils (elastic/kibana): The raw requests a KibanaRequest is built from: a Hapi request or a plugin's FakeRawRequest.
import type { Request } from '@hapi/hapi';
import type { FakeRawRequest, RouteAccess, RouteSecurity } from '@kbn/core/server';

/** A request that is either a real Hapi request or a plugin-made fake one. */
export type RawRequest = Request | FakeRawRequest;

/** What the host stores in a Hapi route's `settings.app` for a Kibana route. */
export interface KibanaRouteOptions {
  xsrfRequired: boolean;
  access: RouteAccess;
  security?: RouteSecurity;
}

/** What the host stores in a Hapi request's `app` state. */
export interface KibanaRequestState {
  requestId?: string;
  requestUuid?: string;
  /** the original URL, before `/s/{space}` was stripped */
  rewrittenUrl?: URL;
  /** whether the request's credentials were accepted */
  isAuthenticated?: boolean;
}

/** True for a request Hapi received on a socket. */
export function isRealRawRequest(request: RawRequest): request is Request {
  const raw = (request as Partial<Request>).raw;
  return typeof raw === 'object' && raw !== null && raw.req !== undefined;
}
