// Mirrors src/core/packages/plugins/browser/src/{plugin,plugin_initializer}.ts and src/core/packages/lifecycle/browser/src/{core_setup,core_start}.ts (elastic/kibana)

import type { EnvironmentMode, PackageInfo, PluginOpaqueId } from '../server/plugins';
import type { LoggerFactory } from '../server/logging';
import type { ApplicationSetup, ApplicationStart, NotificationsStart } from './application';
import type { HttpSetup, HttpStart } from './http';

/** @public */
export type StartServicesAccessor<
  TPluginsStart extends object = object,
  TStart = unknown,
> = () => Promise<[CoreStart, TPluginsStart, TStart]>;

/**
 * Core services exposed to the `Plugin` setup lifecycle.
 * Simplified: only `application`, `http` and `getStartServices` of Kibana's services.
 * @public
 */
export interface CoreSetup<TPluginsStart extends object = object, TStart = unknown> {
  application: ApplicationSetup;
  http: HttpSetup;
  getStartServices: StartServicesAccessor<TPluginsStart, TStart>;
}

/**
 * Core services exposed to the `Plugin` start lifecycle.
 * Simplified: only `application`, `http` and `notifications` of Kibana's services.
 * @public
 */
export interface CoreStart {
  application: ApplicationStart;
  http: HttpStart;
  notifications: NotificationsStart;
}

/**
 * The interface that should be returned by a `PluginInitializer`.
 * @public
 */
export interface Plugin<
  TSetup = void,
  TStart = void,
  TPluginsSetup extends object = object,
  TPluginsStart extends object = object,
> {
  setup(core: CoreSetup<TPluginsStart, TStart>, plugins: TPluginsSetup): TSetup;
  start(core: CoreStart, plugins: TPluginsStart): TStart;
  stop?(): void;
}

/**
 * The available core services passed to a `PluginInitializer`.
 * @public
 */
export interface PluginInitializerContext<ConfigSchema extends object = object> {
  readonly opaqueId: PluginOpaqueId;
  readonly env: {
    mode: Readonly<EnvironmentMode>;
    packageInfo: Readonly<PackageInfo>;
  };
  readonly config: {
    get: <T extends object = ConfigSchema>() => T;
  };
  readonly logger: LoggerFactory;
}

/**
 * The `plugin` export at the root of a plugin's `public` directory should conform
 * to this interface.
 * @public
 */
export type PluginInitializer<
  TSetup,
  TStart,
  TPluginsSetup extends object = object,
  TPluginsStart extends object = object,
> = (core: PluginInitializerContext) => Plugin<TSetup, TStart, TPluginsSetup, TPluginsStart>;
