// Builds a plugin's PluginInitializerContext: env, node roles, its own logger and validated config.
import { BehaviorSubject } from 'rxjs';
import type { Observable } from 'rxjs';
import type {
  EnvironmentMode,
  LoggerFactory,
  NodeRoles,
  PackageInfo,
  PluginInitializerContext,
} from '@kbn/core/server';

export interface InitializerContextDeps {
  pluginId: string;
  mode: EnvironmentMode;
  packageInfo: PackageInfo;
  instanceUuid: string;
  configFiles: string[];
  roles: NodeRoles;
  logging: LoggerFactory;
  /** the plugin's validated config, or `{}` when it declares none */
  config: unknown;
}

export function createInitializerContext(deps: InitializerContextDeps): PluginInitializerContext {
  const config$ = new BehaviorSubject(deps.config);
  return {
    opaqueId: Symbol(deps.pluginId),
    env: {
      mode: deps.mode,
      packageInfo: deps.packageInfo,
      instanceUuid: deps.instanceUuid,
      configs: deps.configFiles,
    },
    node: { roles: deps.roles },
    logger: {
      get: (...contextParts: string[]) =>
        deps.logging.get('plugins', deps.pluginId, ...contextParts),
    },
    config: {
      create: <T>() => config$.asObservable() as Observable<T>,
      get: <T>() => config$.getValue() as T,
    },
  };
}
