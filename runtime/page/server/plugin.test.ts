// The page plugin's routes: public, without authz, serving the redirect, the HTML and the bundle.
import type {
  CoreSetup,
  KibanaRequest,
  PluginInitializerContext,
  RouteConfig,
} from '@kbn/core/server';
import { BackgroundTasksPagePlugin, BUNDLE_PATH, PAGE_PATH } from './plugin';

type Handler = (context: unknown, request: KibanaRequest, response: unknown) => Promise<Reply>;
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const response = {
  ok: (options: Omit<Reply, 'status'>) => ({ status: 200, ...options }),
  redirected: (options: Omit<Reply, 'status'>) => ({ status: 302, ...options }),
  customError: (options: Omit<Reply, 'status'> & { statusCode: number }) => ({
    status: options.statusCode,
    ...options,
  }),
};

function setUpPlugin() {
  const routes = new Map<
    string,
    { config: RouteConfig<unknown, unknown, unknown, 'get'>; handler: Handler }
  >();
  const spaceOf = new WeakMap<object, string>();
  const logger = { debug: jest.fn(), error: jest.fn(), get: () => logger };
  const core = {
    http: {
      createRouter: () => ({
        get: (config: RouteConfig<unknown, unknown, unknown, 'get'>, handler: Handler) =>
          routes.set(config.path, { config, handler }),
      }),
      basePath: { serverBasePath: '', get: (request: object) => spaceOf.get(request) ?? '' },
    },
  } as unknown as CoreSetup;
  const plugin = new BackgroundTasksPagePlugin({
    logger: { get: () => logger },
  } as unknown as PluginInitializerContext);
  plugin.setup(core);
  const call = (path: string, basePath = '') => {
    const request = {} as KibanaRequest;
    spaceOf.set(request, basePath);
    return routes.get(path)!.handler({}, request, response);
  };
  return { routes, call, logger };
}

describe('the page plugin', () => {
  it('declares its routes public, with authorization off and a reason', () => {
    const { routes } = setUpPlugin();
    expect([...routes.keys()].sort()).toEqual(['/', PAGE_PATH, BUNDLE_PATH].sort());
    for (const { config } of routes.values()) {
      expect(config.options?.access).toBe('public');
      expect(config.security.authz).toEqual({ enabled: false, reason: expect.any(String) });
    }
  });

  it('redirects / to the page, staying in the space', async () => {
    const { call } = setUpPlugin();
    expect(await call('/')).toMatchObject({ status: 302, headers: { location: PAGE_PATH } });
    expect(await call('/', '/s/team-a')).toMatchObject({
      headers: { location: `/s/team-a${PAGE_PATH}` },
    });
  });

  it("serves HTML that carries the request's base path and space, and loads the bundle", async () => {
    const { call } = setUpPlugin();
    const reply = await call(PAGE_PATH, '/s/team-a');
    expect(reply.headers?.['content-type']).toMatch(/^text\/html/);
    const html = String(reply.body);
    expect(html).toContain('data-base-path="/s/team-a"');
    expect(html).toContain('data-space="team-a"');
    expect(html).toContain(`<script src="${BUNDLE_PATH}"></script>`);
  });

  it('serves the bundle built with esbuild', async () => {
    const { call, logger } = setUpPlugin();
    const reply = await call(BUNDLE_PATH);
    expect(reply.status).toBe(200);
    expect(reply.headers?.['content-type']).toMatch(/^application\/javascript/);
    // The app, React and the plugin's own status words are all in it.
    expect(String(reply.body)).toContain('Background tasks');
    expect(String(reply.body)).toContain('Acknowledged');
    expect(logger.error).not.toHaveBeenCalled();
  }, 30_000);
});
