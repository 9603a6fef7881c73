// Strips `/s/{space}` before routing and records it as the request's base path, as Kibana's spaces plugin does.
import { randomUUID } from 'node:crypto';
import type { Lifecycle, Request, ResponseToolkit } from '@hapi/hapi';
import type { KibanaRequestState } from '@kbn/core-http-server-utils/src/raw_request';
import type { BasePath } from './base_path';

const SPACE_PREFIX = /^\/s\/([a-z0-9_-]+)(\/.*)?$/;

/**
 * The longest space id Kibana can hold: a space is the saved object `space:{id}`, and
 * Elasticsearch refuses a document `_id` over 512 bytes. A longer one names no space: 404.
 */
export const MAX_SPACE_ID_LENGTH = 512 - 'space:'.length;

/** Gives every request its ids (`x-opaque-id` when sent) before anything else reads them. */
export function assignRequestIds(request: Request, h: ResponseToolkit): Lifecycle.ReturnValue {
  const state = request.app as KibanaRequestState;
  const opaqueId = request.headers['x-opaque-id'];
  state.requestUuid = randomUUID();
  state.requestId = typeof opaqueId === 'string' && opaqueId !== '' ? opaqueId : state.requestUuid;
  return h.continue;
}

/**
 * An `onRequest` extension: `/s/space-a/api/x?y` is routed as `/api/x?y`; `request.rewrittenUrl`
 * keeps the original URL and `basePath.get(request)` answers `/s/space-a`. A space id longer than
 * any space can be is a 404.
 */
export function rewriteSpaceUrl(
  basePath: BasePath
): (request: Request, h: ResponseToolkit) => Lifecycle.ReturnValue {
  return (request: Request, h: ResponseToolkit) => {
    const match = SPACE_PREFIX.exec(request.url.pathname);
    if (!match) return h.continue;
    const [, spaceId, rest] = match;
    if (spaceId.length > MAX_SPACE_ID_LENGTH) {
      const message = `[space id]: must be at most ${MAX_SPACE_ID_LENGTH} characters`;
      return h.response({ statusCode: 404, error: 'Not Found', message }).code(404).takeover();
    }
    const state = request.app as KibanaRequestState;
    state.rewrittenUrl ??= new URL(request.url.href);
    basePath.set(request, `/s/${spaceId}`);
    const target = `${rest ?? '/'}${request.url.search}`;
    request.setUrl(target);
    request.raw.req.url = target;
    return h.continue;
  };
}
