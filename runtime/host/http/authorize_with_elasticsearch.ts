// Kibana security's route checks over Elasticsearch: authenticate the caller, then check application privileges.
import type { AuthenticatedUser, Headers, PrivilegeSet, RouteSecurity } from '@kbn/core/server';
import type { ElasticsearchSecurity } from '../security/elasticsearch_security';
import type { AuthResult } from './authorize';

type Requirement = string | PrivilegeSet;

function headerValue(headers: Headers): string | undefined {
  const value = headers.authorization;
  return Array.isArray(value) ? value[0] : value;
}

/** Every privilege a requirement names, to ask Elasticsearch about all of them at once. */
function namedPrivileges(required: readonly Requirement[]): string[] {
  return [
    ...new Set(
      required.flatMap((requirement) =>
        typeof requirement === 'string'
          ? [requirement]
          : [...(requirement.allRequired ?? []), ...(requirement.anyRequired ?? [])]
      )
    ),
  ];
}

/** The requirements not met when `missing` are the privileges the caller lacks. */
function unmet(required: readonly Requirement[], missing: Set<string>): string[] {
  return required.flatMap((requirement) => {
    if (typeof requirement === 'string') return missing.has(requirement) ? [requirement] : [];
    const all = (requirement.allRequired ?? []).filter((privilege) => missing.has(privilege));
    const any = requirement.anyRequired ?? [];
    const anyUnmet = any.length > 0 && any.every((privilege) => missing.has(privilege));
    return anyUnmet ? [...all, `one of ${any.join('|')}`] : all;
  });
}

export type EsAuthResult = AuthResult & { user?: AuthenticatedUser };

/**
 * As Kibana's security plugin: the `Authorization` header is authenticated by Elasticsearch
 * (`_security/_authenticate`); a route's `requiredPrivileges` are the application privileges
 * `api:<privilege>` on the request's space, checked with `_security/user/_has_privileges`.
 * Kibana: x-pack/platform/plugins/shared/security/server/authorization/api_authorization.ts
 */
export class ElasticsearchAuthorizer {
  public readonly enabled = true;

  constructor(private readonly security: ElasticsearchSecurity) {}

  async authorize(
    security: RouteSecurity,
    headers: Headers,
    routeLabel: string,
    spaceId: string
  ): Promise<EsAuthResult> {
    const authc = security.authc?.enabled ?? true;
    if (authc === false) return { ok: true, isAuthenticated: false };
    const authorization = headerValue(headers);
    if (authorization === undefined) {
      if (authc === 'optional' && !('requiredPrivileges' in security.authz)) {
        return { ok: true, isAuthenticated: false };
      }
      return { ok: false, status: 401, message: 'Missing credentials' };
    }
    const user = await this.security.authenticate(authorization);
    if (!user) return { ok: false, status: 401, message: 'Unrecognised credentials' };
    if (!('requiredPrivileges' in security.authz)) return { ok: true, isAuthenticated: true, user };
    const required = security.authz.requiredPrivileges;
    const missing = await this.security.missingPrivileges(
      authorization,
      spaceId,
      namedPrivileges(required)
    );
    const unmetRequirements = unmet(required, missing);
    if (unmetRequirements.length > 0) {
      return {
        ok: false,
        status: 403,
        message: `${routeLabel} needs privileges [${user.username}] does not hold in space [${spaceId}]: [${unmetRequirements.join(', ')}]`,
      };
    }
    return { ok: true, isAuthenticated: true, user };
  }
}
