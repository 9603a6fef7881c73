// Mirrors src/core/packages/http/server/src/router/route.ts (elastic/kibana)

import type { RouteValidator } from './route_validator';

/** Set of HTTP methods changing the state of the server. @public */
export type DestructiveRouteMethod = 'post' | 'put' | 'delete' | 'patch';

/** Set of HTTP methods not changing the state of the server. @public */
export type SafeRouteMethod = 'get' | 'options';

/** The set of common HTTP methods supported by Kibana routing. @public */
export type RouteMethod = SafeRouteMethod | DestructiveRouteMethod;

/** The set of supported parseable Content-Types. @public */
export type RouteContentType =
  | 'application/json'
  | 'application/*+json'
  | 'application/octet-stream'
  | 'application/x-www-form-urlencoded'
  | 'multipart/form-data'
  | 'text/*';

/** Additional body options for a route. @public */
export interface RouteConfigOptionsBody {
  /** Allowed mime types for the endpoint. */
  accepts?: RouteContentType | RouteContentType[] | string | string[];
  /** A mime type string overriding the 'Content-Type' header value received. */
  override?: string;
  /** Limits the size of incoming payloads to the specified byte count. */
  maxBytes?: number;
  /** The processed payload format. */
  output?: 'data' | 'stream';
  /** Determines if the incoming payload is processed or presented raw. */
  parse?: boolean | 'gunzip';
}

/**
 * Route access level. As of 9.0, access to internal routes is restricted by default.
 * @public
 */
export type RouteAccess = 'public' | 'internal';

export type Privilege = string;

/** A set of privileges that can be used to define complex authorization requirements. */
export interface PrivilegeSet {
  anyRequired?: Privilege[];
  allRequired?: Privilege[];
}

type Privileges = Array<Privilege | PrivilegeSet>;

/** Describes the authorization requirements when authorization is enabled. */
export interface AuthzEnabled {
  requiredPrivileges: Privileges;
}

/** Describes the state when authorization is disabled, and why. */
export interface AuthzDisabled {
  enabled: false;
  reason: string;
}

/** Describes the authentication status when authentication is enabled. */
export interface AuthcEnabled {
  enabled: true | 'optional';
}

/** Describes the state when authentication is disabled, and why. */
export interface AuthcDisabled {
  enabled: false;
  reason: string;
}

export type RouteAuthc = AuthcEnabled | AuthcDisabled;

export type RouteAuthz = AuthzEnabled | AuthzDisabled;

/** Describes the security requirements for a route. */
export interface RouteSecurity {
  authz: RouteAuthz;
  authc?: RouteAuthc;
}

/**
 * Additional route options.
 *
 * Simplified: Kibana also has `deprecated`, `discontinued`, `excludeFromOAS`, `httpResource`,
 * `availability` and `oasOperationObject`.
 * @public
 */
export interface RouteConfigOptions<Method extends RouteMethod> {
  /** Requires an incoming POST/PUT/DELETE request to contain `kbn-xsrf` header. Default true. */
  xsrfRequired?: Method extends 'get' ? never : boolean;
  /** Intended request origin of the route. Defaults to 'internal'. */
  access?: RouteAccess;
  /** Additional metadata tag strings to attach to the route. */
  tags?: readonly string[];
  /** Additional body options {@link RouteConfigOptionsBody}. */
  body?: Method extends 'get' | 'options' ? undefined : RouteConfigOptionsBody;
  /** Defines per-route timeouts. */
  timeout?: {
    /** Milliseconds to receive the payload */
    payload?: Method extends 'get' | 'options' ? undefined : number;
    /** Milliseconds the socket can be idle before it's closed */
    idleSocket?: number;
  };
  /** Short summary of this route, used in OAS documentation. */
  summary?: string;
  /** Optional API description (CommonMark). */
  description?: string;
}

/**
 * Route specific configuration.
 * @public
 */
export interface RouteConfig<P, Q, B, Method extends RouteMethod> {
  /** The endpoint _within_ the router path to register the route, e.g. `/path/{id}`. */
  path: string;
  /**
   * A schema created with `@kbn/config-schema` that every request will be validated against,
   * or `false` to opt out (params, query and body are then empty objects).
   */
  validate: RouteValidator<P, Q, B> | (() => RouteValidator<P, Q, B>) | false;
  /** Defines the security requirements for a route (required since Kibana 9). */
  security: RouteSecurity;
  /** Additional route options {@link RouteConfigOptions}. */
  options?: RouteConfigOptions<Method>;
}
