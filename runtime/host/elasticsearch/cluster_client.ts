// One @elastic/elasticsearch Client shared by the host: the internal user and request-scoped children.
import { Client } from '@elastic/elasticsearch';
import type {
  ElasticsearchClient,
  IClusterClient,
  IScopedClusterClient,
  ScopeableRequest,
} from '@kbn/core/server';
import type { CoreConfig } from '../config/core_config';

/** Headers of a request that reach Elasticsearch when acting as its user (Kibana's default list). */
const FORWARDED_HEADERS = ['authorization', 'es-client-authentication'];
const PRODUCT_ORIGIN = { 'x-elastic-product-origin': 'kibana' };

function forwardedHeaders(request: ScopeableRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
    else if (Array.isArray(value) && value.length > 0) headers[name] = value[0];
  }
  return headers;
}

class ScopedClusterClient implements IScopedClusterClient {
  private currentUser?: ElasticsearchClient;
  private secondaryAuthUser?: ElasticsearchClient;

  constructor(
    private readonly root: Client,
    public readonly asInternalUser: ElasticsearchClient,
    private readonly request: ScopeableRequest
  ) {}

  get asCurrentUser(): ElasticsearchClient {
    this.currentUser ??= this.root.child({
      headers: { ...PRODUCT_ORIGIN, ...forwardedHeaders(this.request) },
    });
    return this.currentUser;
  }

  get asSecondaryAuthUser(): ElasticsearchClient {
    const authorization = forwardedHeaders(this.request).authorization;
    this.secondaryAuthUser ??= this.root.child({
      headers: {
        ...PRODUCT_ORIGIN,
        ...(authorization ? { 'es-secondary-authorization': authorization } : {}),
      },
    });
    return this.secondaryAuthUser;
  }
}

/** The cluster client of `core.elasticsearch.client`, plus `close()` for the host. */
export class ClusterClient implements IClusterClient {
  public readonly asInternalUser: ElasticsearchClient;
  private readonly root: Client;

  constructor(config: CoreConfig['elasticsearch']) {
    const { hosts, username, password, requestTimeout } = config;
    this.root = new Client({
      nodes: Array.isArray(hosts) ? hosts : [hosts],
      requestTimeout,
      ...(username !== undefined && password !== undefined ? { auth: { username, password } } : {}),
    });
    this.asInternalUser = this.root.child({ headers: PRODUCT_ORIGIN });
  }

  asScoped(request: ScopeableRequest): IScopedClusterClient {
    return new ScopedClusterClient(this.root, this.asInternalUser, request);
  }

  async close(): Promise<void> {
    await this.root.close();
  }
}
