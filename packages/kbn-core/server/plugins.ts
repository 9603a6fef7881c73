// Mirrors src/core/packages/plugins/server/src/types.ts, src/core/packages/lifecycle/server/src/{core_setup,core_start}.ts and @kbn/config's env types (elastic/kibana)

/* eslint-disable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import type { SecurityServiceStart } from './security';
import type { Observable } from 'rxjs';
import type { Type } from '@kbn/config-schema';
import type { ElasticsearchServiceSetup, ElasticsearchServiceStart } from './elasticsearch';
import type { HttpServiceSetup, HttpServiceStart } from './http';
import type { LoggerFactory } from './logging';
import type { RequestHandlerContext } from './request_handler_context';

type Maybe<T> = T | undefined;

/** @public */
export type PluginOpaqueId = symbol;

/** @public */
export interface EnvironmentMode {
  name: 'development' | 'production';
  dev: boolean;
  prod: boolean;
}

/** @public */
export interface PackageInfo {
  version: string;
  branch: string;
  buildNum: number;
  buildSha: string;
  buildShaShort: string;
  buildDate: Date;
  buildFlavor: 'serverless' | 'traditional';
  dist: boolean;
}

/**
 * The roles this Kibana node was started with (`node.roles`).
 * (Mirrors src/core/packages/node/server/src/types.ts)
 * @public
 */
export interface NodeRoles {
  backgroundTasks: boolean;
  ui: boolean;
  migrator: boolean;
}

/** @public */
export interface NodeInfo {
  readonly roles: NodeRoles;
}

/** Dedicated type for plugin configuration schema. @public */
export type PluginConfigSchema<T> = Type<T>;

/**
 * The configuration properties exposed on the client-side.
 * @public
 */
export type ExposedToBrowserDescriptor<T> = {
  [Key in keyof T]?: T[Key] extends Maybe<any[]>
    ? boolean
    : T[Key] extends Maybe<object>
      ? ExposedToBrowserDescriptor<T[Key]> | boolean
      : boolean;
};

/**
 * Describes a plugin configuration properties.
 * Simplified: Kibana's also has `deprecations`, `dynamicConfig` and `exposeToUsage`.
 * @public
 */
export interface PluginConfigDescriptor<T = any> {
  /** List of configuration properties that will be available on the client-side plugin. */
  exposeToBrowser?: ExposedToBrowserDescriptor<T>;
  /** Schema to use to validate the plugin configuration. */
  schema: PluginConfigSchema<T>;
}

/**
 * Allows plugins to get access to APIs available in start inside async handlers.
 * @public
 */
export type StartServicesAccessor<
  TPluginsStart extends object = object,
  TStart = unknown,
> = () => Promise<[CoreStart, TPluginsStart, TStart]>;

/**
 * Context passed to the `setup` method of `standard` plugins.
 * Simplified: only `http`, `elasticsearch` and `getStartServices` of Kibana's services.
 * @public
 */
export interface CoreSetup<TPluginsStart extends Record<string, any> = {}, TStart = unknown> {
  elasticsearch: ElasticsearchServiceSetup;
  http: HttpServiceSetup<RequestHandlerContext>;
  getStartServices: StartServicesAccessor<TPluginsStart, TStart>;
}

/**
 * Context passed to the plugins `start` method.
 * Simplified: only `elasticsearch`, `http` and `security` of Kibana's services.
 * @public
 */
export interface CoreStart {
  elasticsearch: ElasticsearchServiceStart;
  http: HttpServiceStart;
  security: SecurityServiceStart;
}

/**
 * The interface that should be returned by a `PluginInitializer` for a `standard` plugin.
 * @public
 */
export interface Plugin<
  TSetup = void,
  TStart = void,
  TPluginsSetup extends Record<string, any> = {},
  TPluginsStart extends Record<string, any> = {},
> {
  setup(core: CoreSetup<TPluginsStart, TStart>, plugins: TPluginsSetup): TSetup;
  start(core: CoreStart, plugins: TPluginsStart): TStart;
  stop?(): void | Promise<void>;
}

/**
 * Context that's available to plugins during initialization stage.
 * Simplified: `config.legacy` is not declared.
 * @public
 */
export interface PluginInitializerContext<ConfigSchema = unknown> {
  opaqueId: PluginOpaqueId;
  env: {
    mode: EnvironmentMode;
    packageInfo: Readonly<PackageInfo>;
    instanceUuid: string;
    configs: readonly string[];
  };
  /** The roles the current Kibana node was started with. */
  node: NodeInfo;
  /** Logger factory already bound to the plugin's logging context (`plugins.<id>`). */
  logger: LoggerFactory;
  /** Accessors for the plugin's configuration */
  config: {
    /** Return an observable of the plugin's configuration */
    create: <T = ConfigSchema>() => Observable<T>;
    /** Return the current value of the plugin's configuration synchronously. */
    get: <T = ConfigSchema>() => T;
  };
}

/**
 * The `plugin` export at the root of a plugin's `server` directory should conform
 * to this interface.
 * Simplified: Kibana's may also resolve to a `PrebootPlugin`.
 * @public
 */
export type PluginInitializer<
  TSetup = void,
  TStart = void,
  TPluginsSetup extends Record<string, any> = never,
  TPluginsStart extends Record<string, any> = never,
> = (
  core: PluginInitializerContext
) => Promise<Plugin<TSetup, TStart, TPluginsSetup, TPluginsStart>>;
