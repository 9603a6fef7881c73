// Mirrors src/core/packages/http/server-utils (elastic/kibana): `kibanaRequestFactory`: a KibanaRequest from a Hapi request or a FakeRawRequest `{ headers, path }`.
import type {
  KibanaRequest,
  RouteValidator,
  RouteValidatorFullConfigRequest,
} from '@kbn/core/server';
import { CoreKibanaRequest } from './core_kibana_request';
import { isRealRawRequest } from './raw_request';
import type { RawRequest } from './raw_request';
import { validateRequestParts } from './validate_request_parts';

/**
 * Builds a KibanaRequest. A real request's params, query and body are validated against
 * `routeSchemas` (a ValidationError names the failing field); a fake request gets empty parts.
 *
 * @param withoutSecretHeaders - accepted for signature compatibility; headers are kept whole,
 *   as in Kibana, because scoped Elasticsearch clients need the `authorization` header.
 */
export function kibanaRequestFactory<P, Q, B>(
  req: RawRequest,
  routeSchemas?: RouteValidator<P, Q, B> | RouteValidatorFullConfigRequest<P, Q, B>,
  withoutSecretHeaders: boolean = true
): KibanaRequest<P, Q, B> {
  void withoutSecretHeaders;
  if (routeSchemas === undefined || !isRealRawRequest(req)) {
    return new CoreKibanaRequest<P, Q, B>(req, {} as P, {} as Q, {} as B);
  }
  const parts = validateRequestParts<P, Q, B>(routeSchemas, {
    params: req.params,
    query: req.query,
    body: req.payload,
  });
  return new CoreKibanaRequest<P, Q, B>(req, parts.params, parts.query, parts.body);
}

/** Whether `req` was built by {@link kibanaRequestFactory} (or by the host's router). */
export function isCoreKibanaRequest<P, Q, B>(req: KibanaRequest<P, Q, B>): boolean {
  return req instanceof CoreKibanaRequest;
}
