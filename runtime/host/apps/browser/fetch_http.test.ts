// The browser core's fetch-based HttpStart: URLs with base path and query, Kibana's headers, errors.
import { createFetchHttp, HttpFetchError } from './fetch_http';

const ORIGIN = 'http://127.0.0.1:5601';
const calls: Request[] = [];

beforeEach(() => {
  calls.length = 0;
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const request = input as Request;
    calls.push(request);
    if (request.url.endsWith('/missing')) {
      return new Response(JSON.stringify({ statusCode: 404, message: 'Task x not found' }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    }
    return new Response(JSON.stringify({ ok: true }), {
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  });
});

afterEach(() => jest.restoreAllMocks());

describe('createFetchHttp', () => {
  it('prepends the space base path and serialises the query without undefined values', async () => {
    const http = createFetchHttp({ basePath: '/s/team-a', origin: ORIGIN, kibanaVersion: '9.3.0' });
    const body = await http.get('/internal/background_tasks/tasks', {
      query: { type: 'examples:sleep', status: ['failed', 'stale'], page: 2, perPage: undefined },
    });
    expect(body).toEqual({ ok: true });
    expect(calls[0].method).toBe('GET');
    expect(new URL(calls[0].url).pathname).toBe('/s/team-a/internal/background_tasks/tasks');
    expect(new URL(calls[0].url).search).toBe(
      '?type=examples%3Asleep&status=failed&status=stale&page=2'
    );
  });

  it("sends a POST with Kibana's version (XSRF) and internal-origin headers and the JSON body", async () => {
    const http = createFetchHttp({ basePath: '', origin: ORIGIN, kibanaVersion: '9.3.0' });
    await http.post('/internal/background_tasks/tasks/a', {
      query: { schedule: true },
      body: JSON.stringify({ type: 't', params: {} }),
    });
    const [request] = calls;
    expect(request.method).toBe('POST');
    expect(request.url).toMatch(/\/internal\/background_tasks\/tasks\/a\?schedule=true$/);
    expect(request.headers.get('kbn-version')).toBe('9.3.0');
    expect(request.headers.get('x-elastic-internal-origin')).toBe('Kibana');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({ type: 't', params: {} });
  });

  it("rejects with the server's message and status on an error answer", async () => {
    const http = createFetchHttp({ basePath: '', origin: ORIGIN, kibanaVersion: '9.3.0' });
    const failure = await http.get('/missing').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpFetchError);
    expect((failure as HttpFetchError).message).toBe('Task x not found');
    expect((failure as HttpFetchError).response?.status).toBe(404);
    expect((failure as HttpFetchError).body).toMatchObject({ statusCode: 404 });
  });

  it('passes the abort signal on', async () => {
    const http = createFetchHttp({ basePath: '', origin: ORIGIN, kibanaVersion: '9.3.0' });
    const controller = new AbortController();
    await http.get('/x', { signal: controller.signal });
    controller.abort();
    expect(calls[0].signal.aborted).toBe(true);
  });

  it('prepends and removes the base path like Kibana', () => {
    const { basePath } = createFetchHttp({
      basePath: '/s/team-a/',
      origin: ORIGIN,
      kibanaVersion: '9.3.0',
    });
    expect(basePath.get()).toBe('/s/team-a');
    expect(basePath.prepend('/app/x')).toBe('/s/team-a/app/x');
    expect(basePath.remove('/s/team-a/app/x')).toBe('/app/x');
  });
});
