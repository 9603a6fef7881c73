// Mirrors src/core/public/index.ts (elastic/kibana): the subset of `@kbn/core/public` this project uses

export type {
  CoreSetup,
  CoreStart,
  Plugin,
  PluginInitializer,
  PluginInitializerContext,
  StartServicesAccessor,
} from './plugins';
export type {
  HttpFetchOptions,
  HttpFetchOptionsWithPath,
  HttpFetchQuery,
  HttpHandler,
  HttpHeadersInit,
  HttpRequestInit,
  HttpResponse,
  HttpSetup,
  HttpStart,
  IBasePath,
  IHttpFetchError,
  ResponseErrorBody,
} from './http';
export type {
  App,
  AppMountParameters,
  AppUnmount,
  ApplicationSetup,
  ApplicationStart,
  NotificationsStart,
  ToastInput,
  ToastsApi,
} from './application';
