// The CoreSetup and CoreStart contracts plugins receive, over the host's HTTP server and ES client.
import type {
  CoreSetup,
  CoreStart,
  IClusterClient,
  IRouter,
  RequestHandlerContext,
  SecurityServiceStart,
} from '@kbn/core/server';
import type { HttpServer } from './http/http_server';

export function createCoreSetup(
  http: HttpServer,
  getStartServices: CoreSetup['getStartServices']
): CoreSetup {
  return {
    elasticsearch: { publicBaseUrl: undefined },
    http: {
      basePath: http.basePath,
      // One router serves every context type: the context object is built per request anyway.
      createRouter: <Context extends RequestHandlerContext>() =>
        http.createRouter() as unknown as IRouter<Context>,
      getServerInfo: () => http.getServerInfo(),
    },
    getStartServices,
  };
}

export function createCoreStart(
  http: HttpServer,
  client: IClusterClient,
  security: SecurityServiceStart
): CoreStart {
  return {
    elasticsearch: { client, publicBaseUrl: undefined },
    http: { basePath: http.basePath, getServerInfo: () => http.getServerInfo() },
    security,
  };
}
