// Serves the page: the HTML at /app/background_tasks, its bundle, and a redirect from `/`.
import type {
  CoreSetup,
  Logger,
  Plugin,
  PluginInitializerContext,
  RouteSecurity,
} from '@kbn/core/server';
import { buildPageBundle } from './build_page_bundle';
import { renderPageHtml } from './render_page_html';

export const PAGE_PATH = '/app/background_tasks';
export const BUNDLE_PATH = `${PAGE_PATH}/bundle.js`;

// A page and its script carry no data: the task routes behind them do their own checks.
const PUBLIC_ASSET: { security: RouteSecurity; options: { access: 'public' } } = {
  security: {
    authz: { enabled: false, reason: 'Serves the static page and its script, which hold no data.' },
  },
  options: { access: 'public' },
};

type Bundle = { js: string } | { error: string };

export class BackgroundTasksPagePlugin implements Plugin {
  private readonly logger: Logger;
  private bundle: Promise<Bundle> | undefined;

  constructor(context: PluginInitializerContext) {
    this.logger = context.logger.get();
  }

  public setup(core: CoreSetup) {
    // Built once per host start, in the background: the first page load waits for it.
    const startedAt = Date.now();
    this.bundle = buildPageBundle().then(
      (js): Bundle => {
        this.logger.debug(`Page bundle built in ${Date.now() - startedAt} ms`);
        return { js };
      },
      (error: unknown): Bundle => {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(`Could not build the page bundle: ${message}`);
        return { error: message };
      }
    );

    const router = core.http.createRouter();
    const { basePath } = core.http;

    router.get(
      { path: '/', validate: false, ...PUBLIC_ASSET },
      async (_context, request, response) =>
        response.redirected({ headers: { location: `${basePath.get(request)}${PAGE_PATH}` } })
    );

    router.get(
      { path: PAGE_PATH, validate: false, ...PUBLIC_ASSET },
      async (_context, request, response) => {
        const requestBasePath = basePath.get(request);
        const space = /\/s\/([^/]+)$/.exec(requestBasePath)?.[1] ?? 'default';
        return response.ok({
          body: renderPageHtml({
            basePath: requestBasePath,
            serverBasePath: basePath.serverBasePath,
            space,
            bundlePath: BUNDLE_PATH,
          }),
          headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
        });
      }
    );

    router.get(
      { path: BUNDLE_PATH, validate: false, ...PUBLIC_ASSET },
      async (_context, _request, response) => {
        const bundle = await this.bundle!;
        if ('error' in bundle) {
          return response.customError({
            statusCode: 500,
            body: { message: `Page bundle failed to build: ${bundle.error}` },
          });
        }
        return response.ok({
          body: bundle.js,
          headers: {
            'content-type': 'application/javascript; charset=utf-8',
            'cache-control': 'no-cache',
          },
        });
      }
    );
  }

  public start() {}

  public stop() {}
}
