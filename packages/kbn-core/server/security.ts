// Mirrors src/core/packages/security/server/src (elastic/kibana 9.3): the subset of `core.security` this project uses.
import type { KibanaRequest } from './http';

/** The user a request was authenticated as (`_security/_authenticate`), as Kibana reports it. */
export interface AuthenticatedUser {
  username: string;
  roles: readonly string[];
  full_name?: string | null;
  email?: string | null;
  enabled: boolean;
  /** `realm` for a password, `api_key` for an API key, `token` for a bearer token */
  authentication_type: string;
  authentication_realm: { name: string; type: string };
  lookup_realm: { name: string; type: string };
  /** present when authenticated with an API key */
  api_key?: { id: string; name: string };
  profile_uid?: string;
}

/** Kibana: `GrantAPIKeyResult` / `InvalidateAPIKeyResult` of @kbn/core-security-server. */
export interface GrantAPIKeyResult {
  id: string;
  name: string;
  api_key: string;
}

export interface InvalidateAPIKeyResult {
  invalidated_api_keys: string[];
  previously_invalidated_api_keys: string[];
  error_count: number;
}

export interface CreateRestAPIKeyParams {
  name: string;
  expiration?: string;
  role_descriptors: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface APIKeysServiceWithContext {
  /** false when Elasticsearch has security or API keys off */
  areAPIKeysEnabled(): Promise<boolean>;
  /** grants a key for the user `request` authenticated as (its credentials), as the internal user */
  grantAsInternalUser(
    request: KibanaRequest,
    params: CreateRestAPIKeyParams
  ): Promise<GrantAPIKeyResult | null>;
  invalidateAsInternalUser(params: { ids: string[] }): Promise<InvalidateAPIKeyResult | null>;
}

export interface CoreAuthenticationService {
  /** the user the request was authenticated as; null when security is off or it was not */
  getCurrentUser(request: KibanaRequest): AuthenticatedUser | null;
  apiKeys: APIKeysServiceWithContext;
}

/** `core.security` of CoreStart. */
export interface SecurityServiceStart {
  authc: CoreAuthenticationService;
}
