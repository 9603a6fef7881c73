// Mirrors src/core/server/index.ts (elastic/kibana): the subset of `@kbn/core/server` this project uses

export type {
  CoreSetup,
  CoreStart,
  EnvironmentMode,
  ExposedToBrowserDescriptor,
  NodeInfo,
  NodeRoles,
  PackageInfo,
  Plugin,
  PluginConfigDescriptor,
  PluginConfigSchema,
  PluginInitializer,
  PluginInitializerContext,
  PluginOpaqueId,
  StartServicesAccessor,
} from './plugins';
export * from './http';
export { DEFAULT_APP_CATEGORIES } from './application';
export type { AppCategory } from './application';
export type {
  ElasticsearchClient,
  ElasticsearchRequestHandlerContext,
  ElasticsearchServiceSetup,
  ElasticsearchServiceStart,
  FakeRequest,
  IClusterClient,
  IScopedClusterClient,
  ScopeableRequest,
} from './elasticsearch';
export type {
  LogLevelId,
  LogMessageSource,
  LogMeta,
  LogRecord,
  Logger,
  LoggerFactory,
} from './logging';
export type {
  CoreRequestHandlerContext,
  CustomRequestHandlerContext,
  RequestHandlerContext,
} from './request_handler_context';
export type {
  APIKeysServiceWithContext,
  AuthenticatedUser,
  CoreAuthenticationService,
  CreateRestAPIKeyParams,
  GrantAPIKeyResult,
  InvalidateAPIKeyResult,
  SecurityServiceStart,
} from './security';
export type {
  SavedObjectError,
  SavedObjectsBulkDeleteResponse,
  SavedObjectsBulkDeleteStatus,
  SavedObjectsFieldMapping,
  SavedObjectsMappingProperties,
  SavedObjectsTypeMappingDefinition,
} from './saved_objects';
