// Stand-in for Kibana security: authenticates a request by its Authorization header and checks route privileges.
import type { Headers, PrivilegeSet, RouteSecurity } from '@kbn/core/server';
import type { CoreConfig } from '../config/core_config';

export type AuthResult =
  { ok: true; isAuthenticated: boolean } | { ok: false; status: 401 | 403; message: string };

type Credentials = NonNullable<CoreConfig['server']['authz']>['credentials'];
type Requirement = string | PrivilegeSet;

function headerValue(headers: Headers): string | undefined {
  const value = headers.authorization;
  return Array.isArray(value) ? value[0] : value;
}

/** The required privileges the holder of `held` lacks, as readable terms. */
export function missingPrivileges(required: readonly Requirement[], held: Set<string>): string[] {
  return required.flatMap((requirement) => {
    if (typeof requirement === 'string') return held.has(requirement) ? [] : [requirement];
    const allMissing = (requirement.allRequired ?? []).filter((privilege) => !held.has(privilege));
    const any = requirement.anyRequired ?? [];
    const anyMissing = any.length > 0 && !any.some((privilege) => held.has(privilege));
    return anyMissing ? [...allMissing, `one of ${any.join('|')}`] : allMissing;
  });
}

/**
 * Decides a request's fate. Without `server.authz` security is disabled, as in a Kibana without
 * the security plugin: every request holds every privilege.
 */
export class Authorizer {
  private readonly privilegesByHeader?: Map<string, Set<string>>;

  constructor(credentials: Credentials | undefined) {
    if (credentials) {
      this.privilegesByHeader = new Map(
        credentials.map((entry) => [entry.authorization, new Set(entry.privileges)])
      );
    }
  }

  get enabled(): boolean {
    return this.privilegesByHeader !== undefined;
  }

  authorize(
    security: RouteSecurity,
    headers: Headers,
    routeLabel: string,
    _spaceId?: string
  ): AuthResult {
    if (!this.privilegesByHeader) return { ok: true, isAuthenticated: false };
    const authc = security.authc?.enabled ?? true;
    if (authc === false) return { ok: true, isAuthenticated: false };
    const header = headerValue(headers);
    const held = header === undefined ? undefined : this.privilegesByHeader.get(header);
    if (!held) {
      // An unknown credential is refused even on optional routes, as a wrong password would be.
      if (
        authc === 'optional' &&
        header === undefined &&
        !('requiredPrivileges' in security.authz)
      ) {
        return { ok: true, isAuthenticated: false };
      }
      return { ok: false, status: 401, message: 'Missing or unrecognised credentials' };
    }
    if (!('requiredPrivileges' in security.authz)) return { ok: true, isAuthenticated: true };
    const missing = missingPrivileges(security.authz.requiredPrivileges, held);
    if (missing.length > 0) {
      return {
        ok: false,
        status: 403,
        message: `${routeLabel} needs privileges the credentials do not hold: [${missing.join(', ')}]`,
      };
    }
    return { ok: true, isAuthenticated: true };
  }
}
