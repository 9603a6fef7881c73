// Refuses to register a route without the `security` config Kibana 9 requires of every route.
import type { RouteSecurity } from '@kbn/core/server';

/** Throws, naming the route, when `security` is absent or neither grants nor waives authz. */
export function checkRouteSecurity(security: RouteSecurity | undefined, routeLabel: string): void {
  if (!security || typeof security !== 'object' || !security.authz) {
    throw new Error(
      `${routeLabel} has no security.authz: give it requiredPrivileges, or { enabled: false, reason }`
    );
  }
  const { authz } = security;
  if ('requiredPrivileges' in authz) {
    if (!Array.isArray(authz.requiredPrivileges) || authz.requiredPrivileges.length === 0) {
      throw new Error(`${routeLabel}: security.authz.requiredPrivileges must not be empty`);
    }
    return;
  }
  if (authz.enabled !== false || typeof authz.reason !== 'string' || authz.reason === '') {
    throw new Error(
      `${routeLabel}: security.authz must have requiredPrivileges or a reason to be disabled`
    );
  }
}
