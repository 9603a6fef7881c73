// `startHost`: runs Kibana plugins against Elasticsearch behind one HTTP server, outside Kibana.
import { hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { LogRecord } from '@kbn/core/server';
import { coreConfigSections, readCoreConfig } from './config/read_core_config';
import type { ConfigObject } from './config/deep_object';
import { loadConfig } from './config/load_config';
import { validateConfig } from './config/validate_config';
import type { ConfigSection } from './config/validate_config';
import { createCoreSetup, createCoreStart } from './create_core_contracts';
import { ClusterClient } from './elasticsearch/cluster_client';
import { findFreePort } from './http/find_free_port';
import { HttpServer } from './http/http_server';
import { registerStatusRoute } from './http/register_status_route';
import { registerAppRoutes } from './apps/register_app_routes';
import { LoggingSystem } from './logging/logging_system';
import type { LogSink } from './logging/logging_system';
import { resolveInstanceUuid } from './node/resolve_instance_uuid';
import { toNodeRoles } from './node/to_node_roles';
import { configContext, environmentMode, packageInfo } from './package_info';
import { createInitializerContext } from './plugins/create_initializer_context';
import { discoverManifests } from './plugins/discover_plugins';
import { loadPluginModule } from './plugins/load_plugin_module';
import type { PluginModule } from './plugins/load_plugin_module';
import { orderPlugins } from './plugins/order_plugins';
import { PluginsSystem } from './plugins/plugins_system';
import { REPO_ROOT } from './repo_root';
import type { RuntimeFeaturesPluginStart } from '../features/server/plugin';
import { ElasticsearchSecurity, SECURITY_DISABLED } from './security/elasticsearch_security';

export const DEFAULT_CONFIG_FILE = join(REPO_ROOT, 'runtime', 'config', 'kibana.yml');

export interface StartHostOptions {
  /** YAML config file. @defaultValue runtime/config/kibana.yml, unless `config` is given */
  configFile?: string;
  /** settings applied over the file and the environment; dotted keys allowed */
  config?: ConfigObject;
  /** shorthand for `server.port`; 0 picks a free port */
  port?: number;
  /** shorthand for `path.data` (where the node id is kept) */
  dataDir?: string;
  /** environment read for `KBN_*` overrides. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** receives every log line (already redacted). @defaultValue stdout */
  logSink?: LogSink;
}

export interface HostHandle {
  /** base URL of the HTTP server, e.g. `http://localhost:5601` */
  url: string;
  /** this node's id (`<path.data>/uuid`) */
  uuid: string;
  /** stops plugins (last first), the HTTP server and the Elasticsearch client */
  stop(): Promise<void>;
}

export type { LogRecord, LogSink };

function rawConfigOf(options: StartHostOptions): { raw: ConfigObject; files: string[] } {
  const file = options.configFile ?? (options.config ? undefined : DEFAULT_CONFIG_FILE);
  const shorthand: ConfigObject = {
    ...(options.port !== undefined ? { 'server.port': options.port } : {}),
    ...(options.dataDir !== undefined ? { 'path.data': options.dataDir } : {}),
  };
  const raw = loadConfig({
    file,
    env: options.env,
    overrides: { ...(options.config ?? {}), ...shorthand },
  });
  return { raw, files: file ? [file] : [] };
}

function pluginSections(modules: PluginModule[]): ConfigSection[] {
  return modules.flatMap(({ manifest, configDescriptor }) =>
    configDescriptor ? [{ path: manifest.configPath, schema: configDescriptor.schema }] : []
  );
}

export async function startHost(options: StartHostOptions = {}): Promise<HostHandle> {
  const mode = environmentMode(options.env);
  const { raw, files } = rawConfigOf(options);
  const core = readCoreConfig(raw, configContext(mode));
  const manifests = discoverManifests(core.plugins);
  const modules = orderPlugins(manifests.filter((manifest) => manifest.server)).map(
    loadPluginModule
  );
  const values = validateConfig(
    raw,
    [...coreConfigSections, ...pluginSections(modules)],
    configContext(mode)
  );
  const logging = new LoggingSystem({
    level: core.logging.root.level,
    json: core.logging.json,
    // Kibana's server.name defaults to the host name
    nodeName: core.server.name ?? hostname(),
    sink: options.logSink,
  });
  const log = logging.get('host');
  const dataDir = isAbsolute(core.path.data) ? core.path.data : resolve(REPO_ROOT, core.path.data);
  const uuid = await resolveInstanceUuid(dataDir, core.server.uuid, logging.get('node'));
  const port = core.server.port === 0 ? await findFreePort(core.server.host) : core.server.port;
  const client = new ClusterClient(core.elasticsearch);
  const security = core.server.authz?.elasticsearch
    ? new ElasticsearchSecurity(
        client.asInternalUser,
        (authorization) => client.asScoped({ headers: { authorization } }).asCurrentUser
      )
    : undefined;
  const http = new HttpServer({
    config: { ...core.server, port },
    client,
    logger: logging.get('http'),
    security,
  });
  const plugins = new PluginsSystem(modules, logging.get('plugins-system'));
  if (modules.some((module) => module.manifest.id === 'spaces')) http.enableSpaces();
  registerStatusRoute({
    router: http.createRouter(),
    client,
    uuid,
    packageInfo,
    name: () => http.getServerInfo().name,
    pluginIds: () => plugins.pluginIds,
  });
  registerAppRoutes({
    router: http.createRouter(),
    basePath: http.basePath,
    // In discovery order: Kibana orders them by their dependencies, none of which has a browser half here.
    plugins: manifests.filter((manifest) => manifest.browser),
    kibanaVersion: packageInfo.version,
    logger: logging.get('apps'),
  });

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await plugins.stop();
      await http.stop();
      await client.close();
      log.info('Stopped');
    })();
    return stopped;
  };

  try {
    await plugins.setup(
      ({ manifest }) =>
        createInitializerContext({
          pluginId: manifest.id,
          mode,
          packageInfo,
          instanceUuid: uuid,
          configFiles: files,
          roles: toNodeRoles(core.node.roles),
          logging,
          config: values.get(manifest.configPath.join('.')) ?? {},
        }),
      (_id, getStartServices) => createCoreSetup(http, getStartServices)
    );
    await plugins.start(createCoreStart(http, client, security?.start ?? SECURITY_DISABLED));
    const features = plugins.getStartContract('features') as RuntimeFeaturesPluginStart | undefined;
    // As Kibana's security plugin, once started: roles then grant features by their privileges.
    if (security && features)
      await security.registerFeaturePrivileges(features.getKibanaFeatures());
    await http.start();
  } catch (error: unknown) {
    await stop().catch(() => undefined);
    throw error instanceof Error ? error : new Error(String(error));
  }
  log.info(`Node ${uuid} listening on ${http.url} with plugins [${plugins.pluginIds.join(', ')}]`);
  return { url: http.url, uuid, stop };
}
