// Serves the plugins' browser halves as Kibana does: a bundle per plugin, core's, and the chrome at /app/{appId}.
import { join } from 'node:path';
import { schema } from '@kbn/config-schema';
import type { IBasePath, IRouter, Logger, RouteSecurity } from '@kbn/core/server';
import type { PluginManifest } from '../plugins/read_manifest';
import { buildBundle, type BuildBundleOptions, type BundleSpec } from './build_bundle';
import { renderChromeHtml } from './render_chrome_html';

/** Where `/` leads: Kibana's `defaultRoute` setting, here the only app there is. */
export const DEFAULT_ROUTE = '/app/background_tasks';
export const CORE_BUNDLE_PATH = '/bundles/core.js';
export const pluginBundlePath = (id: string) => `/bundles/plugin/${id}/plugin.js`;

// The chrome and the bundles hold no data: the routes the apps call do their own checks.
const PUBLIC_ASSET: { security: RouteSecurity; options: { access: 'public' } } = {
  security: {
    authz: { enabled: false, reason: 'Serves the chrome and the bundles, which hold no data.' },
  },
  options: { access: 'public' },
};

export interface AppRoutesDeps {
  router: IRouter;
  basePath: IBasePath;
  /** the plugins with a browser half, in the order their `setup` and `start` run */
  plugins: PluginManifest[];
  kibanaVersion: string;
  logger: Logger;
  /** how bundles are built (tests pass a cache folder of their own) */
  buildOptions?: BuildBundleOptions;
}

type Built = { js: string } | { error: string };

export function registerAppRoutes({
  router,
  basePath,
  plugins,
  kibanaVersion,
  logger,
  buildOptions,
}: AppRoutesDeps): void {
  const specs = new Map<string, BundleSpec>([
    [
      CORE_BUNDLE_PATH,
      { name: 'core', contents: "import './core_entry';", resolveDir: join(__dirname, 'browser') },
    ],
    ...plugins.map((manifest): [string, BundleSpec] => [
      pluginBundlePath(manifest.id),
      {
        name: `plugin-${manifest.id}`,
        contents:
          `import * as bundle from ${JSON.stringify(join(manifest.dir, 'public'))};\n` +
          `(window.__kbnBundles__ ??= {})[${JSON.stringify(`plugin/${manifest.id}/public`)}] = bundle;\n`,
        resolveDir: manifest.dir,
      },
    ]),
  ]);
  // Built on first request, not at start: hosts that never serve a page never pay for it.
  const built = new Map<string, Promise<Built>>();
  const bundle = (path: string): Promise<Built> => {
    let promise = built.get(path);
    if (!promise) {
      const startedAt = Date.now();
      const spec = specs.get(path)!;
      promise = buildBundle(spec, buildOptions).then(
        ({ js, cached }) => {
          const how = cached ? 'read from the cache' : 'built';
          logger.info(`Bundle ${spec.name} ${how} in ${Date.now() - startedAt} ms`);
          return { js };
        },
        (error: unknown): Built => {
          const message = error instanceof Error ? error.message : String(error);
          logger.error(`Could not build bundle ${spec.name}: ${message}`);
          built.delete(path);
          return { error: message };
        }
      );
      built.set(path, promise);
    }
    return promise;
  };
  const scripts = [...specs.keys()].filter((path) => path !== CORE_BUNDLE_PATH);
  scripts.push(CORE_BUNDLE_PATH);

  router.get({ path: '/', validate: false, ...PUBLIC_ASSET }, async (_context, request, response) =>
    response.redirected({ headers: { location: `${basePath.get(request)}${DEFAULT_ROUTE}` } })
  );

  router.get(
    {
      path: '/app/{appId}',
      validate: { params: schema.object({ appId: schema.string() }) },
      ...PUBLIC_ASSET,
    },
    async (_context, request, response) => {
      // Started now, so the bundles are ready (or nearly) when the browser asks for them.
      for (const path of specs.keys()) void bundle(path);
      const html = renderChromeHtml({
        metadata: {
          version: kibanaVersion,
          basePath: basePath.get(request),
          serverBasePath: basePath.serverBasePath,
          appId: request.params.appId,
          plugins: plugins.map((manifest) => manifest.id),
        },
        scripts: scripts.map((path) => `${basePath.serverBasePath}${path}`),
      });
      return response.ok({
        body: html,
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
  );

  for (const path of specs.keys()) {
    router.get({ path, validate: false, ...PUBLIC_ASSET }, async (_context, _request, response) => {
      const answer = await bundle(path);
      if ('error' in answer) {
        return response.customError({
          statusCode: 500,
          body: { message: `The bundle failed to build: ${answer.error}` },
        });
      }
      return response.ok({
        body: answer.js,
        headers: {
          'content-type': 'application/javascript; charset=utf-8',
          'cache-control': 'no-cache',
        },
      });
    });
  }
}
