// Mirrors src/core/packages/http/server/index.ts (elastic/kibana)

export type { Headers, KnownHeaders, ResponseHeaders } from './headers';
export type {
  AuthcDisabled,
  AuthcEnabled,
  AuthzDisabled,
  AuthzEnabled,
  DestructiveRouteMethod,
  Privilege,
  PrivilegeSet,
  RouteAccess,
  RouteAuthc,
  RouteAuthz,
  RouteConfig,
  RouteConfigOptions,
  RouteConfigOptionsBody,
  RouteContentType,
  RouteMethod,
  RouteSecurity,
  SafeRouteMethod,
} from './route';
export { RouteValidationError } from './route_validator';
export type {
  LazyValidator,
  RouteValidationFunction,
  RouteValidationResultFactory,
  RouteValidationSpec,
  RouteValidator,
  RouteValidatorConfig,
  RouteValidatorFullConfigRequest,
  RouteValidatorFullConfigResponse,
  RouteValidatorOptions,
  RouteValidatorRequestAndResponses,
} from './route_validator';
export type {
  FakeRawRequest,
  HttpProtocol,
  IKibanaSocket,
  KibanaRequest,
  KibanaRequestAuth,
  KibanaRequestEvents,
  KibanaRequestRoute,
  KibanaRequestRouteOptions,
} from './request';
export type {
  CustomHttpResponseOptions,
  ErrorHttpResponseOptions,
  HttpResponseOptions,
  HttpResponsePayload,
  IKibanaResponse,
  RedirectResponseOptions,
  ResponseError,
  ResponseErrorAttributes,
} from './response';
export type {
  KibanaErrorResponseFactory,
  KibanaRedirectionResponseFactory,
  KibanaResponseFactory,
  KibanaSuccessResponseFactory,
} from './response_factory';
export type { RequestHandler, RequestHandlerContextBase } from './request_handler';
export type { IRouter, RouteRegistrar } from './router';
export type {
  HttpServerInfo,
  HttpServiceSetup,
  HttpServiceStart,
  IBasePath,
} from './http_contract';
