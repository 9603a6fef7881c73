// The host's Hapi server: routers, base path, server info, and start/stop around the plugin lifecycle.
import { hostname } from 'node:os';
import { server as createHapiServer } from '@hapi/hapi';
import type { Server } from '@hapi/hapi';
import type { HttpServerInfo, IClusterClient, IRouter, Logger } from '@kbn/core/server';
import type { RequestHandlerContext } from '@kbn/core/server';
import type { CoreConfig } from '../config/core_config';
import type { ElasticsearchSecurity } from '../security/elasticsearch_security';
import { Authorizer } from './authorize';
import { ElasticsearchAuthorizer } from './authorize_with_elasticsearch';
import { BasePath } from './base_path';
import { Router } from './router';
import { assignRequestIds, rewriteSpaceUrl } from './rewrite_space_url';

export interface HttpServerOptions {
  config: CoreConfig['server'];
  client: IClusterClient;
  logger: Logger;
  /** given when `server.authz.elasticsearch` is on */
  security?: ElasticsearchSecurity;
}

export class HttpServer {
  public readonly basePath: BasePath;
  private readonly server: Server;
  private readonly router: Router;
  private spacesEnabled = false;

  constructor(private readonly options: HttpServerOptions) {
    const { config, client, logger, security } = options;
    this.basePath = new BasePath('', config.publicBaseUrl);
    this.server = createHapiServer({
      port: config.port,
      host: config.host,
      router: { stripTrailingSlash: true },
      state: { strictHeader: false, ignoreErrors: true },
      routes: { timeout: { server: false } },
    });
    const authorizer = security
      ? new ElasticsearchAuthorizer(security)
      : new Authorizer(config.authz?.credentials);
    if (!authorizer.enabled) {
      logger.warn(
        'Security is disabled (no server.authz.credentials): every request holds every privilege'
      );
    }
    this.router = new Router(this.server, {
      authorizer,
      client,
      logger: logger.get('router'),
      xsrfDisabled: config.xsrf.disableProtection,
      // the base path rewriteSpaceUrl recorded: `/s/{space}`, or none for the default space
      spaceIdOf: (request) => /^\/s\/([^/]+)/.exec(this.basePath.get(request))?.[1] ?? 'default',
      onAuthenticated: security && ((request, user) => security.setCurrentUser(request, user)),
    });
    this.server.ext('onRequest', assignRequestIds);
    const rewrite = rewriteSpaceUrl(this.basePath);
    this.server.ext('onRequest', (request, h) =>
      this.spacesEnabled ? rewrite(request, h) : h.continue
    );
  }

  /** Kibana routes `/s/{space}/...` only when the spaces plugin runs. */
  enableSpaces(): void {
    this.spacesEnabled = true;
  }

  createRouter(): IRouter<RequestHandlerContext> {
    return this.router;
  }

  getServerInfo(): HttpServerInfo {
    return {
      name: this.options.config.name ?? hostname(),
      hostname: this.options.config.host,
      port: this.server.info.port as number,
      protocol: 'http',
    };
  }

  get url(): string {
    const host = this.options.config.host;
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    return `http://${shown.includes(':') ? `[${shown}]` : shown}:${this.server.info.port}`;
  }

  async start(): Promise<void> {
    try {
      await this.server.start();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      const { host, port } = this.options.config;
      throw new Error(
        `Port ${port} on ${host} is in use: set server.port (--port, KBN_server__port) to a free port, or 0 for any`
      );
    }
  }

  async stop(): Promise<void> {
    await this.server.stop({ timeout: this.options.config.shutdownTimeout });
  }
}
