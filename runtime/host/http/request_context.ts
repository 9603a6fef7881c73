// The `context` argument of route handlers: `core.elasticsearch.client` scoped to the request.
import type { IClusterClient, KibanaRequest, RequestHandlerContext } from '@kbn/core/server';

export function createRequestContext(
  client: IClusterClient,
  request: KibanaRequest
): RequestHandlerContext {
  let core: RequestHandlerContext['core'] | undefined;
  const context = {
    // Scoped lazily: most handlers never touch Elasticsearch as the user.
    get core() {
      core ??= Promise.resolve({ elasticsearch: { client: client.asScoped(request) } });
      return core;
    },
    async resolve(parts: string[]) {
      const entries = await Promise.all(
        parts.map(async (part) => [part, await (context as Record<string, unknown>)[part]])
      );
      return Object.fromEntries(entries);
    },
  };
  return context as unknown as RequestHandlerContext;
}
