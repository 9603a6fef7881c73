// Mirrors src/core/packages/elasticsearch/server/src/{client/client,client/cluster_client,client/scoped_cluster_client,client/types,contracts,request_handler_context}.ts (elastic/kibana)

import type { Client } from '@elastic/elasticsearch';
import type { Headers, KibanaRequest } from './http';

/**
 * Client used to query the elasticsearch cluster.
 * @public
 */
export type ElasticsearchClient = Omit<
  Client,
  'connectionPool' | 'serializer' | 'extend' | 'close' | 'diagnostic'
>;

/**
 * Fake request object created manually by Kibana plugins.
 * @public
 */
export interface FakeRequest {
  /** Headers used for authentication against Elasticsearch */
  headers: Headers;
}

/**
 * A user credentials container. It accommodates the necessary auth credentials to
 * impersonate the current user.
 * @public
 */
export type ScopeableRequest = KibanaRequest | FakeRequest;

/**
 * Serves the same purpose as the normal {@link IClusterClient | cluster client} but exposes
 * an additional `asCurrentUser` client that uses the current user's credentials.
 * @public
 **/
export interface IScopedClusterClient {
  /** A client to query the cluster on behalf of the internal Kibana user. */
  readonly asInternalUser: ElasticsearchClient;
  /**
   * A client with the internal Kibana user as primary auth and the current user as secondary
   * auth (`es-secondary-authorization` header).
   */
  readonly asSecondaryAuthUser: ElasticsearchClient;
  /** A client to query the cluster on behalf of the user that initiated the request. */
  readonly asCurrentUser: ElasticsearchClient;
}

/**
 * Represents an Elasticsearch cluster API client created by the platform.
 * @public
 **/
export interface IClusterClient {
  /** A client to query the cluster on behalf of the Kibana internal user. */
  readonly asInternalUser: ElasticsearchClient;
  /** Creates a {@link IScopedClusterClient | scoped cluster client} bound to the given request. */
  asScoped: (request: ScopeableRequest) => IScopedClusterClient;
}

/**
 * Simplified: Kibana's also has `setUnauthorizedErrorHandler` and `legacy.config$`.
 * @public
 */
export interface ElasticsearchServiceSetup {
  /** The public base URL (if any) that end users should use to access Elasticsearch. */
  readonly publicBaseUrl?: string;
}

/**
 * Simplified: Kibana's also has `createClient` and `getCapabilities`.
 * @public
 */
export interface ElasticsearchServiceStart {
  /** A pre-configured {@link IClusterClient | Elasticsearch client}. */
  readonly client: IClusterClient;
  /** The public base URL (if any) that end users should use to access Elasticsearch. */
  readonly publicBaseUrl?: string;
}

/**
 * Core's `elasticsearch` request handler context.
 * @public
 */
export interface ElasticsearchRequestHandlerContext {
  client: IScopedClusterClient;
}
