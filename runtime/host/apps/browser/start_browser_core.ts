// Kibana's browser platform in small: runs each plugin's public half, then mounts the app of the URL.
import type {
  App,
  AppUnmount,
  CoreSetup,
  CoreStart,
  Plugin,
  PluginInitializer,
  PluginInitializerContext,
} from '@kbn/core/public';
import { createFetchHttp } from './fetch_http';
import { createToasts } from './create_toasts';

/** What the server renders into the chrome (`#kbn-injected-metadata`). */
export interface InjectedMetadata {
  /** the Kibana version, sent as `kbn-version` */
  version: string;
  /** the request's base path, with `/s/{space}` in a space */
  basePath: string;
  serverBasePath: string;
  /** the app of the URL (`/app/{appId}`) */
  appId: string;
  /** ids of the plugins with a browser half, in dependency order; their bundles are loaded */
  plugins: string[];
}

/** A plugin bundle's module, as its bundle defines it (`__kbnBundles__['plugin/{id}/public']`). */
export interface PluginBundleModule {
  plugin: PluginInitializer<unknown, unknown>;
}

declare global {
  interface Window {
    __kbnBundles__?: Record<string, PluginBundleModule>;
  }
}

export interface BrowserCoreElements {
  /** where the app mounts */
  appRoot: HTMLElement;
  /** where toasts show */
  toasts: HTMLElement;
}

export interface BrowserCore {
  /** the mounted app's unmount; undefined when no app matched */
  unmount: AppUnmount | undefined;
}

/** Sets up and starts every plugin in order, then mounts `metadata.appId`. */
export async function startBrowserCore(
  metadata: InjectedMetadata,
  { appRoot, toasts }: BrowserCoreElements,
  bundles: Record<string, PluginBundleModule> = window.__kbnBundles__ ?? {}
): Promise<BrowserCore> {
  const http = createFetchHttp({
    basePath: metadata.basePath,
    serverBasePath: metadata.serverBasePath,
    kibanaVersion: metadata.version,
  });
  const apps = new Map<string, App>();
  const notifications = { toasts: createToasts(toasts) };
  let resolveStart!: (start: CoreStart) => void;
  const started = new Promise<CoreStart>((resolve) => {
    resolveStart = resolve;
  });

  const plugins: Array<{ id: string; instance: Plugin<unknown, unknown> }> = [];
  for (const id of metadata.plugins) {
    const module = bundles[`plugin/${id}/public`];
    if (!module) throw new Error(`The bundle of plugin "${id}" did not load`);
    plugins.push({ id, instance: module.plugin(initializerContext(id, metadata)) });
  }
  const setupContracts: Record<string, unknown> = {};
  for (const { id, instance } of plugins) {
    const core: CoreSetup = {
      application: {
        register: (app) => {
          if (apps.has(app.id)) throw new Error(`An app "${app.id}" is already registered`);
          apps.set(app.id, app);
        },
      },
      http,
      // Like Kibana's, resolved once every plugin started; the plugins' contracts left out.
      getStartServices: async () => [await started, {}, undefined],
    };
    setupContracts[id] = instance.setup(core, { ...setupContracts });
  }
  const coreStart: CoreStart = {
    application: { currentAppId: apps.has(metadata.appId) ? metadata.appId : undefined },
    http,
    notifications,
  };
  const startContracts: Record<string, unknown> = {};
  for (const { id, instance } of plugins) {
    startContracts[id] = instance.start(coreStart, { ...startContracts });
  }
  resolveStart(coreStart);

  const app = apps.get(metadata.appId);
  if (!app) {
    appRoot.textContent = `Application Not Found: no app "${metadata.appId}" is registered.`;
    return { unmount: undefined };
  }
  document.title = `${app.title} - Kibana`;
  const unmount = await app.mount({
    element: appRoot,
    appBasePath: `${metadata.basePath}/app/${app.id}`,
  });
  return { unmount };
}

function initializerContext(id: string, metadata: InjectedMetadata): PluginInitializerContext {
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string): void =>
      console[level](`[${id}] ${message}`);
  const logger = {
    trace: log('debug'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    fatal: log('error'),
    get: () => logger,
  };
  return {
    opaqueId: Symbol(id),
    env: {
      mode: { name: 'production', dev: false, prod: true },
      packageInfo: {
        version: metadata.version,
        branch: 'main',
        buildNum: 0,
        buildSha: '',
        buildShaShort: '',
        buildDate: new Date(0),
        buildFlavor: 'traditional',
        dist: false,
      },
    },
    // Browser config (`exposeToBrowser`) is not served: every plugin reads an empty object.
    config: { get: <T>() => ({}) as T },
    logger: { get: () => logger } as unknown as PluginInitializerContext['logger'],
  };
}
