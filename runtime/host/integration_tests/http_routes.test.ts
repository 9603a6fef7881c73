// The host's router against real requests: validation, errors, authz, spaces, fake requests.
import { waitFor } from '../../../test_helpers/wait_for';
import { startFixtureHost } from './start_fixture_host';
import type { FixtureHost } from './start_fixture_host';

async function call(
  host: FixtureHost,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> } = {}
) {
  const response = await fetch(`${host.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'kbn-xsrf': 'test', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
}

describe('runtime host HTTP (security disabled)', () => {
  let host: FixtureHost;

  beforeAll(async () => {
    host = await startFixtureHost();
  });

  afterAll(async () => {
    await host?.dispose();
  });

  it('passes validated params, query and body to the handler', async () => {
    const res = await call(host, 'POST', '/api/host_test/echo/abcd?cancel=true', {
      body: { ms: 5 },
    });
    expect(res).toMatchObject({
      status: 200,
      body: { id: 'abcd', ms: 5, query: { cancel: true } },
    });
  });

  it.each([
    [
      '/api/host_test/echo/abcd',
      { ms: 'soon' },
      '[request body.ms]: expected value of type [number] but got [string]',
    ],
    [
      '/api/host_test/echo/ab',
      { ms: 1 },
      '[request params.id]: value has length [2] but it must have a minimum length of [3].',
    ],
    [
      '/api/host_test/echo/abcd?cancel=maybe',
      { ms: 1 },
      '[request query.cancel]: expected value of type [boolean] but got [string]',
    ],
  ])('answers 400 naming the bad field for %s', async (path, body, message) => {
    const res = await call(host, 'POST', path, { body });
    expect(res).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message },
      text: expect.any(String),
    });
  });

  it('turns a thrown error into a 500 without the cause in the body, and logs the cause', async () => {
    const res = await call(host, 'GET', '/api/host_test/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'An internal server error occurred.',
    });
    expect(res.text).not.toMatch(/kaboom|at .*\.ts/);
    expect(host.logs.join('\n')).toMatch(
      /\[GET \/api\/host_test\/boom\] handler failed: kaboom[\s\S]*register_routes\.ts/
    );
  });

  it("gives error responses Kibana's body shape, with attributes", async () => {
    const res = await call(host, 'GET', '/api/host_test/not_found');
    expect(res.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'no such thing',
      attributes: { thing: 'x' },
    });
  });

  it('refuses a POST without kbn-xsrf', async () => {
    const response = await fetch(`${host.url}/api/host_test/echo/abcd`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 1 }),
    });
    expect(response.status).toBe(400);
  });

  it('accepts kbn-version instead of kbn-xsrf, as Kibana does for its own browser client', async () => {
    const response = await fetch(`${host.url}/api/host_test/echo/abcd`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'kbn-version': '9.3.0' },
      body: JSON.stringify({ ms: 1 }),
    });
    expect(response.status).toBe(200);
  });

  it('answers 415 to a body that is not sent as JSON, never parsing it as JSON', async () => {
    for (const headers of [{}, { 'content-type': 'text/plain' }] as Array<Record<string, string>>) {
      const response = await fetch(`${host.url}/api/host_test/echo/abcd`, {
        method: 'POST',
        headers: { 'kbn-xsrf': 'test', ...headers },
        // bytes: fetch adds no content-type of its own (a string would be text/plain)
        body: Buffer.from(JSON.stringify({ ms: 1 })),
      });
      expect(response.status).toBe(415);
      const sent = 'content-type' in headers ? 'text/plain' : 'none';
      expect(await response.json()).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: `Unsupported Media Type: the request body must be JSON with content-type: application/json (got content-type [${sent}])`,
      });
    }
    // No body at all is nothing to parse: the route's own validation answers.
    const empty = await fetch(`${host.url}/api/host_test/echo/abcd`, {
      method: 'POST',
      headers: { 'kbn-xsrf': 'test' },
    });
    expect(empty.status).toBe(400);
    expect((await empty.json()).message).toMatch(/^\[request body/);
  });

  it('routes /s/{space}/... to the handler with the space, keeping the original URL', async () => {
    const res = await call(host, 'GET', '/s/space-a/api/host_test/space');
    expect(res.body).toEqual({
      space: 'space-a',
      path: '/api/host_test/space',
      rewrittenPath: '/s/space-a/api/host_test/space',
    });
    const plain = await call(host, 'GET', '/api/host_test/space');
    expect(plain.body).toEqual({
      space: 'default',
      path: '/api/host_test/space',
      rewrittenPath: null,
    });
  });

  it('answers 404 naming the space id when it is longer than any space can be', async () => {
    const longest = 'a'.repeat(506);
    expect((await call(host, 'GET', `/s/${longest}/api/host_test/space`)).body).toMatchObject({
      space: longest,
    });
    const res = await call(host, 'GET', `/s/${'a'.repeat(5000)}/api/host_test/space`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ message: expect.stringContaining('[space id]') });
  });

  it('builds fake requests whose space is set through the base path', async () => {
    const res = await call(host, 'GET', '/api/host_test/fake');
    expect(res.body).toEqual({ isFakeRequest: true, space: 'space-b' });
  });

  it('emits aborted$ when the client goes away mid-request', async () => {
    const controller = new AbortController();
    const pending = fetch(`${host.url}/api/host_test/slow`, { signal: controller.signal }).catch(
      () => 'aborted'
    );
    await waitFor(
      async () => (await call(host, 'GET', '/api/host_test/slow_stats')).body.started === 1,
      {
        description: 'the slow handler to start',
      }
    );
    controller.abort();
    await expect(pending).resolves.toBe('aborted');
    await waitFor(
      async () => (await call(host, 'GET', '/api/host_test/slow_stats')).body.aborted === 1,
      {
        description: 'aborted$ to fire',
      }
    );
  });

  it('grants every privilege when security is disabled, and says so once in the log', async () => {
    expect((await call(host, 'GET', '/api/host_test/secure')).status).toBe(200);
    expect(host.logs.filter((line) => line.includes('Security is disabled'))).toHaveLength(1);
  });
});

describe('runtime host HTTP (security stand-in)', () => {
  let host: FixtureHost;

  beforeAll(async () => {
    host = await startFixtureHost({
      'server.authz.credentials': [
        { authorization: 'Bearer reader-token', privileges: ['host_test_read'] },
        { authorization: 'Bearer nobody-token', privileges: [] },
      ],
    });
  });

  afterAll(async () => {
    await host?.dispose();
  });

  it('answers 401 without credentials or with unknown ones', async () => {
    expect((await call(host, 'GET', '/api/host_test/secure')).status).toBe(401);
    const unknown = await call(host, 'GET', '/api/host_test/secure', {
      headers: { authorization: 'Bearer guess' },
    });
    expect(unknown.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('answers 403 naming the missing privilege', async () => {
    const res = await call(host, 'GET', '/api/host_test/secure', {
      headers: { authorization: 'Bearer nobody-token' },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('host_test_read');
  });

  it('answers 200 with the privilege, and never logs the Authorization value', async () => {
    const res = await call(host, 'GET', '/api/host_test/secure', {
      headers: { authorization: 'Bearer reader-token' },
    });
    expect(res).toMatchObject({ status: 200, body: { authenticated: true } });
    expect(host.logs.join('\n')).toContain('secure route called');
    expect(host.logs.join('\n')).not.toContain('reader-token');
  });

  it('leaves /api/status open to operators', async () => {
    const res = await call(host, 'GET', '/api/status');
    expect(res).toMatchObject({
      status: 200,
      body: { uuid: host.uuid, status: { overall: { level: 'available' } } },
    });
  });

  it("reports this process's memory in Kibana's metrics.process shape", async () => {
    const res = await call(host, 'GET', '/api/status');
    const { pid, memory } = (
      res.body as {
        metrics: {
          process: {
            pid: number;
            memory: { heap: Record<string, number>; resident_set_size_in_bytes: number };
          };
        };
      }
    ).metrics.process;
    expect(pid).toBe(process.pid);
    expect(memory.heap.used_in_bytes).toBeGreaterThan(0);
    expect(memory.heap.used_in_bytes).toBeLessThanOrEqual(memory.heap.total_in_bytes);
    expect(memory.heap.size_limit).toBeGreaterThan(memory.heap.total_in_bytes);
    expect(memory.resident_set_size_in_bytes).toBeGreaterThan(memory.heap.used_in_bytes);
  });
});
