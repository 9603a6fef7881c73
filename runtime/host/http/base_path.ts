// The server base path and the per-request base path (`/s/{space}`) Kibana's spaces read back.
import type { IBasePath, KibanaRequest } from '@kbn/core/server';
import { CoreKibanaRequest } from '@kbn/core-http-server-utils/src/core_kibana_request';

/** Request-specific base paths, keyed by the raw (Hapi or fake) request so copies share one. */
export class BasePath implements IBasePath {
  private readonly perRequest = new WeakMap<object, string>();

  constructor(
    public readonly serverBasePath = '',
    public readonly publicBaseUrl?: string
  ) {}

  get(request: KibanaRequest | object): string {
    const key = CoreKibanaRequest.rawOf(request as KibanaRequest);
    return `${this.serverBasePath}${this.perRequest.get(key) ?? ''}`;
  }

  set(request: KibanaRequest | object, requestSpecificBasePath: string): void {
    const key = CoreKibanaRequest.rawOf(request as KibanaRequest);
    if (this.perRequest.has(key)) {
      throw new Error('The request-specific base path can be set only once per request');
    }
    this.perRequest.set(key, requestSpecificBasePath);
  }

  prepend(path: string): string {
    if (this.serverBasePath === '' || !path.startsWith('/')) return path;
    return `${this.serverBasePath}${path}`;
  }

  remove(path: string): string {
    if (this.serverBasePath === '') return path;
    if (path === this.serverBasePath) return '/';
    return path.startsWith(`${this.serverBasePath}/`)
      ? path.slice(this.serverBasePath.length)
      : path;
  }
}
