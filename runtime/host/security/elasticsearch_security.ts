// Kibana's security plugin over Elasticsearch: authentication, route privileges, API keys, feature privileges.
import type { estypes } from '@elastic/elasticsearch';
import type {
  AuthenticatedUser,
  ElasticsearchClient,
  Headers,
  KibanaRequest,
  SecurityServiceStart,
} from '@kbn/core/server';
import { CoreKibanaRequest } from '@kbn/core-http-server-utils/src/core_kibana_request';
import type { KibanaFeatureConfig } from '@kbn/features-plugin/server';

/** Kibana's application name in Elasticsearch (`kibana-` + the `.kibana` index). */
export const KIBANA_APPLICATION = 'kibana-.kibana';

/** The action a route privilege `p` is granted by. Kibana: x-pack/.../security/server/authorization/actions/api.ts */
export function apiAction(privilege: string): string {
  return `api:${privilege}`;
}

/** The application resource of a space. Kibana: .../security/server/authorization/resource_serializer.ts */
export function spaceResource(spaceId: string): string {
  return `space:${spaceId}`;
}

function authorizationOf(headers: Headers): string | undefined {
  const value = headers.authorization;
  return Array.isArray(value) ? value[0] : value;
}

function statusOf(error: unknown): number | undefined {
  return (error as { meta?: { statusCode?: number } })?.meta?.statusCode;
}

/**
 * The feature privileges Kibana registers with Elasticsearch (`feature_<id>.<all|read>`), each
 * granting the API actions of its privilege. Kibana: x-pack/platform/plugins/shared/security/
 * server/authorization/register_privileges_with_cluster.ts (and privileges/privileges.ts).
 */
export function featureApplicationPrivileges(
  features: KibanaFeatureConfig[]
): Record<string, Record<string, estypes.SecurityPutPrivilegesActions>> {
  const privileges: Record<string, estypes.SecurityPutPrivilegesActions> = {};
  for (const feature of features) {
    for (const [name, privilege] of Object.entries(feature.privileges ?? {})) {
      if (!privilege || (privilege as { disabled?: boolean }).disabled) continue;
      const id = `feature_${feature.id}.${name}`;
      privileges[id] = {
        application: KIBANA_APPLICATION,
        name: id,
        actions: ['login:', ...(privilege.api ?? []).map(apiAction)],
        metadata: {},
      };
    }
  }
  return { [KIBANA_APPLICATION]: privileges };
}

/**
 * The host's security when Elasticsearch has it on: each request is authenticated by its own
 * credentials (`_security/_authenticate`), route privileges are application privileges checked
 * with `_security/user/_has_privileges`, and API keys are granted and invalidated as the
 * internal user, as Kibana's security plugin does.
 */
export class ElasticsearchSecurity {
  private readonly users = new WeakMap<object, AuthenticatedUser>();

  constructor(
    private readonly internal: ElasticsearchClient,
    private readonly scoped: (authorization: string) => ElasticsearchClient
  ) {}

  /**
   * The user behind `authorization`; null when Elasticsearch refuses it (401). Like every read
   * on a request path, one try: an unreachable cluster is a 503 at once, not after retries.
   */
  async authenticate(authorization: string): Promise<AuthenticatedUser | null> {
    try {
      return (await this.scoped(authorization).security.authenticate(undefined, {
        maxRetries: 0,
      })) as AuthenticatedUser;
    } catch (caught) {
      if (statusOf(caught) === 401) return null;
      throw caught;
    }
  }

  /** The route privileges of `privileges` the holder of `authorization` lacks in `spaceId`. */
  async missingPrivileges(
    authorization: string,
    spaceId: string,
    privileges: string[]
  ): Promise<Set<string>> {
    const response = await this.scoped(authorization).security.hasPrivileges(
      {
        application: [
          {
            application: KIBANA_APPLICATION,
            resources: [spaceResource(spaceId)],
            privileges: privileges.map(apiAction),
          },
        ],
      },
      { maxRetries: 0 }
    );
    const held = response.application[KIBANA_APPLICATION]?.[spaceResource(spaceId)] ?? {};
    return new Set(privileges.filter((privilege) => held[apiAction(privilege)] !== true));
  }

  /** Kibana registers its features' privileges with the cluster once started. */
  async registerFeaturePrivileges(features: KibanaFeatureConfig[]): Promise<void> {
    await this.internal.security.putPrivileges({
      privileges: featureApplicationPrivileges(features),
    });
  }

  /** Remembers who a request was authenticated as, for `getCurrentUser`. */
  setCurrentUser(request: KibanaRequest, user: AuthenticatedUser): void {
    this.users.set(CoreKibanaRequest.rawOf(request), user);
  }

  /** `core.security` over this cluster. Kibana: src/core/packages/security/server */
  get start(): SecurityServiceStart {
    return {
      authc: {
        getCurrentUser: (request) => this.users.get(CoreKibanaRequest.rawOf(request)) ?? null,
        apiKeys: {
          areAPIKeysEnabled: async () => true,
          // Kibana: x-pack/.../security/server/authentication/api_keys/api_keys.ts (grantAsInternalUser)
          grantAsInternalUser: async (request, params) => {
            const authorization = authorizationOf(request.headers);
            const [scheme, credentials] = authorization?.split(/\s+/) ?? [];
            if (scheme?.toLowerCase() !== 'basic' || !credentials) {
              throw new Error(`Unsupported scheme "${scheme}" for granting API Key`);
            }
            const decoded = Buffer.from(credentials, 'base64').toString();
            const colon = decoded.indexOf(':');
            return this.internal.security.grantApiKey({
              grant_type: 'password',
              username: decoded.slice(0, colon),
              password: decoded.slice(colon + 1),
              api_key: {
                ...params,
                role_descriptors: params.role_descriptors as Record<
                  string,
                  estypes.SecurityRoleDescriptor
                >,
              },
            });
          },
          invalidateAsInternalUser: async ({ ids }) =>
            this.internal.security.invalidateApiKey({ ids }),
        },
      },
    };
  }
}

/** `core.security` when security is off: nobody is authenticated and there are no API keys. */
export const SECURITY_DISABLED: SecurityServiceStart = {
  authc: {
    getCurrentUser: () => null,
    apiKeys: {
      areAPIKeysEnabled: async () => false,
      grantAsInternalUser: async () => null,
      invalidateAsInternalUser: async () => null,
    },
  },
};
