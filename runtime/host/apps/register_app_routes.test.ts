// The host's app routes: `/` redirects, the chrome per app with the request's space, the bundles.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IBasePath, IRouter, KibanaRequest, Logger, RouteConfig } from '@kbn/core/server';
import { REPO_ROOT } from '../repo_root';
import { readManifest } from '../plugins/read_manifest';
import { CORE_BUNDLE_PATH, pluginBundlePath, registerAppRoutes } from './register_app_routes';

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

let cacheDir: string;
beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'bt-bundles-'));
});
afterAll(() => rm(cacheDir, { recursive: true, force: true }));

function setUp() {
  const routes = new Map<
    string,
    { config: RouteConfig<unknown, unknown, unknown, 'get'>; handler: Handler }
  >();
  const spaceOf = new WeakMap<object, string>();
  const logger = { info: jest.fn(), error: jest.fn() } as unknown as Logger;
  const router = {
    get: (config: RouteConfig<unknown, unknown, unknown, 'get'>, handler: Handler) =>
      routes.set(config.path, { config, handler }),
  } as unknown as IRouter;
  const basePath = {
    serverBasePath: '',
    get: (request: object) => spaceOf.get(request) ?? '',
  } as unknown as IBasePath;
  registerAppRoutes({
    router,
    basePath,
    plugins: [readManifest(REPO_ROOT)],
    kibanaVersion: '9.3.0',
    logger,
    buildOptions: { cacheDir },
  });
  const call = (path: string, { basePath = '', params = {} } = {}) => {
    const request = { params } as unknown as KibanaRequest;
    spaceOf.set(request, basePath);
    return routes.get(path)!.handler({}, request, response);
  };
  return { routes, call, logger };
}

describe('the app routes', () => {
  it('declares its routes public, with authorization off and a reason', () => {
    const { routes } = setUp();
    expect([...routes.keys()].sort()).toEqual(
      ['/', '/app/{appId}', CORE_BUNDLE_PATH, pluginBundlePath('backgroundTasks')].sort()
    );
    for (const { config } of routes.values()) {
      expect(config.options?.access).toBe('public');
      expect(config.security.authz).toEqual({ enabled: false, reason: expect.any(String) });
    }
  });

  it('redirects / to the default app, staying in the space', async () => {
    const { call } = setUp();
    expect(await call('/')).toMatchObject({
      status: 302,
      headers: { location: '/app/background_tasks' },
    });
    expect(await call('/', { basePath: '/s/team-a' })).toMatchObject({
      headers: { location: '/s/team-a/app/background_tasks' },
    });
  });

  it('serves the chrome with the metadata of the request, the plugin bundles, then core', async () => {
    const { call } = setUp();
    const reply = await call('/app/{appId}', {
      basePath: '/s/team-a',
      params: { appId: 'background_tasks' },
    });
    expect(reply.headers?.['content-type']).toMatch(/^text\/html/);
    const html = String(reply.body);
    const json = /id="kbn-injected-metadata">([^<]*)</.exec(html)?.[1];
    expect(JSON.parse(json!)).toEqual({
      version: '9.3.0',
      basePath: '/s/team-a',
      serverBasePath: '',
      appId: 'background_tasks',
      plugins: ['backgroundTasks'],
    });
    const plugin = html.indexOf(`<script src="${pluginBundlePath('backgroundTasks')}">`);
    expect(plugin).toBeGreaterThan(0);
    expect(html.indexOf(`<script src="${CORE_BUNDLE_PATH}">`)).toBeGreaterThan(plugin);
    // A favicon of its own: no 404 in the console on load.
    expect(html).toContain('<link rel="icon" href="data:,">');
  }, 120_000);

  it("bundles the plugin's public/ with EUI, then serves it from the cache", async () => {
    const first = setUp();
    const reply = await first.call(pluginBundlePath('backgroundTasks'));
    expect(reply.status).toBe(200);
    expect(reply.headers?.['content-type']).toMatch(/^application\/javascript/);
    const js = String(reply.body);
    expect(js).toContain('plugin/backgroundTasks/public');
    expect(js).toContain('Background tasks');
    expect(js).toContain('euiBasicTable');
    expect(first.logger.error).not.toHaveBeenCalled();

    const second = setUp();
    expect((await second.call(pluginBundlePath('backgroundTasks'))).body).toBe(js);
    expect(second.logger.info).toHaveBeenCalledWith(
      expect.stringContaining('plugin-backgroundTasks read from the cache')
    );
  }, 120_000);
});
