// The browser core's HttpStart over fetch: base path with the space, Kibana's headers, its errors.
import type {
  HttpFetchOptions,
  HttpFetchOptionsWithPath,
  HttpFetchQuery,
  HttpHandler,
  HttpStart,
  IBasePath,
} from '@kbn/core/public';

/** Thrown for a failed request, shaped like Kibana's HttpFetchError. */
export class HttpFetchError extends Error {
  public readonly name = 'HttpFetchError';
  constructor(
    message: string,
    public readonly request: Request,
    public readonly response?: Response,
    public readonly body?: unknown
  ) {
    super(message);
  }
}

export interface FetchHttpOptions {
  /**
   * The request-specific base path the server rendered into the page (with `/s/{space}` in a
   * space), so every route called stays in the page's space.
   */
  basePath: string;
  /** The server's own base path. @defaultValue '' */
  serverBasePath?: string;
  /** Where relative URLs point. @defaultValue the page's `location.origin` */
  origin?: string;
  /** Sent as `kbn-version`, which Kibana's browser http sends and its XSRF check accepts. */
  kibanaVersion: string;
}

/** Builds an HttpStart over `fetch`. */
export function createFetchHttp({
  basePath,
  serverBasePath = '',
  origin = globalThis.location?.origin,
  kibanaVersion,
}: FetchHttpOptions): HttpStart {
  const base = createBasePath(basePath, serverBasePath);

  const send = async (
    pathOrOptions: string | HttpFetchOptionsWithPath,
    maybeOptions: HttpFetchOptions = {},
    method?: string
  ): Promise<unknown> => {
    const { path, ...options } =
      typeof pathOrOptions === 'string' ? { ...maybeOptions, path: pathOrOptions } : pathOrOptions;
    const url = `${options.prependBasePath === false ? path : base.prepend(path)}${toSearch(options.query)}`;
    const request = new Request(new URL(url, origin), {
      method: method ?? options.method ?? 'GET',
      body: options.body,
      signal: options.signal,
      credentials: options.credentials ?? 'same-origin',
      headers: {
        // What Kibana's browser http sends: JSON, its version (the XSRF guard) and the
        // internal-route origin.
        'Content-Type': 'application/json',
        'kbn-version': kibanaVersion,
        'x-elastic-internal-origin': 'Kibana',
        ...(options.version ? { 'elastic-api-version': options.version } : {}),
        ...options.headers,
      },
    });
    const response = await fetch(request);
    const text = await response.text();
    const body = parseBody(text, response.headers.get('content-type'));
    if (!response.ok) {
      throw new HttpFetchError(errorMessage(body, response), request, response, body);
    }
    return options.asResponse
      ? { fetchOptions: { ...options, path }, request, response, body }
      : body;
  };

  const handler = (method?: string) =>
    ((pathOrOptions: string | HttpFetchOptionsWithPath, options?: HttpFetchOptions) =>
      send(pathOrOptions, options, method)) as HttpHandler;

  return {
    basePath: base,
    fetch: handler(),
    get: handler('GET'),
    post: handler('POST'),
    put: handler('PUT'),
    patch: handler('PATCH'),
    delete: handler('DELETE'),
    head: handler('HEAD'),
    options: handler('OPTIONS'),
  };
}

function createBasePath(basePath: string, serverBasePath: string): IBasePath {
  const trimmed = basePath.replace(/\/$/, '');
  return {
    get: () => trimmed,
    prepend: (path) => (path.startsWith('/') ? `${trimmed}${path}` : path),
    remove: (path) =>
      trimmed && path.startsWith(trimmed) ? path.slice(trimmed.length) || '/' : path,
    serverBasePath,
  };
}

/** `?a=1&b=x&b=y`, leaving out undefined and null values as Kibana's http does. */
function toSearch(query: HttpFetchQuery | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function parseBody(text: string, contentType: string | null): unknown {
  if (!text) return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function errorMessage(body: unknown, response: Response): string {
  if (body && typeof body === 'object' && 'message' in body) {
    return String((body as { message: unknown }).message);
  }
  if (typeof body === 'string' && body) return body;
  return `${response.status} ${response.statusText}`.trim();
}
