// Routes while Elasticsearch is unreachable: each answers 503 with Retry-After within a second
// (one try on the request path), and works again once it is back.
import type { RunNowRequestBody } from '../../common/push/push_protocol';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { startInProcessHost, type InProcessHost } from '../../test_helpers/kbn_server';
import { TEST_PUSH_TOKEN } from '../../test_helpers/system';
import { TcpProxy } from '../../test_helpers/tcp_proxy';
import { waitFor } from '../../test_helpers/wait_for';
import {
  claimTask,
  createIndices,
  deleteIndices,
  pushHostConfig,
  RUN_NOW_URL_PATH,
} from './push_test_env';

const es = createTestEsClient();
const indices = createIndices('routes-outage');
const TASKS = '/internal/background_tasks/tasks';
/** What a caller is promised while Elasticsearch is unreachable, in ms (measured here). */
const ANSWER_WITHIN_MS = 1000;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

let proxy: TcpProxy;
let host: InProcessHost;
/** The push of `waiting`, claimed for the host before the outage: still valid after it. */
let pushBody: RunNowRequestBody;

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const get = (path: string): Call => ({ method: 'GET', path });
const post = (path: string, body?: unknown): Call => ({ method: 'POST', path, body });
const scheduleLater = (id: string) =>
  post(`${TASKS}/${id}?schedule=true`, { type: 'fixture:once', params: {}, runAt: inAnHour() });
const runNow = (): Call => ({
  method: 'POST',
  path: RUN_NOW_URL_PATH,
  body: pushBody,
  headers: { authorization: `Bearer ${TEST_PUSH_TOKEN}`, 'kbn-xsrf': 'dispatcher' },
});

/** Every route that needs Elasticsearch, by name. */
const routes = (): Record<string, Call> => ({
  'GET tasks/{id}': get(`${TASKS}/waiting`),
  'POST tasks/{id}': post(`${TASKS}/waiting`),
  schedule: scheduleLater('during-outage'),
  cancel: post(`${TASKS}/waiting?cancel=true`),
  acknowledge: post(`${TASKS}/waiting?acknowledge=true`),
  list: get(`${TASKS}?perPage=5`),
  _run_now: runNow(),
  '/api/status': get('/api/status'),
});

/** One request, abandoned at `deadlineMs` (client side): the answer, or why there was none. */
async function call({ method, path, body, headers }: Call, deadlineMs = 30_000) {
  const started = performance.now();
  try {
    const response = await fetch(`${host.url}${path}`, {
      method,
      headers: {
        'kbn-xsrf': 'test',
        'x-elastic-internal-origin': 'test',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(deadlineMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
      retryAfter: response.headers.get('retry-after'),
      ms: Math.round(performance.now() - started),
    };
  } catch (caught) {
    if ((caught as Error).name !== 'TimeoutError') throw caught;
    return {
      status: `no answer within ${deadlineMs} ms`,
      body: {} as Record<string, unknown>,
      retryAfter: null,
      ms: deadlineMs,
    };
  }
}

/** Calls every route in turn and expects each to answer 503 with Retry-After in time. */
async function expectEveryRouteUnavailable() {
  const answers: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  for (const [name, route] of Object.entries(routes())) {
    const { status, retryAfter, ms } = await call(route, ANSWER_WITHIN_MS);
    answers[name] = { status, retryAfter, inTime: ms < ANSWER_WITHIN_MS, ms };
    expected[name] = { status: 503, retryAfter: '1', inTime: true, ms: expect.any(Number) };
  }
  expect(answers).toEqual(expected);
}

beforeAll(async () => {
  const target = new URL(getEsUrl());
  proxy = new TcpProxy(await TcpProxy.freePort(), {
    host: target.hostname,
    port: Number(target.port),
  });
  await proxy.up();
  host = await startInProcessHost(
    pushHostConfig(indices, { config: { 'elasticsearch.hosts': `http://127.0.0.1:${proxy.port}` } })
  );
  expect((await call(scheduleLater('waiting'))).status).toBe(200);
  pushBody = await claimTask(es, indices.tasks, 'waiting', host.uuid);
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await proxy?.down();
  await deleteIndices(es, indices);
  await es.close();
});

it('answers 503 with Retry-After within a second on every route while Elasticsearch refuses connections', async () => {
  await proxy.down();
  await expectEveryRouteUnavailable();
});

it('works again once Elasticsearch is back', async () => {
  await proxy.up();
  await waitFor(async () => (await call(get('/api/status'), ANSWER_WITHIN_MS)).status === 200, {
    timeoutMs: 30_000,
    description: '/api/status to answer 200 again',
  });
  expect(await call(get(`${TASKS}/waiting`))).toMatchObject({
    status: 200,
    body: { status: 'in_progress' },
  });
  expect((await call(get(`${TASKS}?perPage=5`))).status).toBe(200);
  expect((await call(scheduleLater('after-outage'))).status).toBe(200);
  expect(await call(post(`${TASKS}/after-outage?cancel=true`))).toMatchObject({
    status: 200,
    body: { status: 'canceled' },
  });
  // The claim taken before the outage still holds: nothing was written while it lasted.
  expect((await call(runNow())).status).toBe(202);
  await waitFor(async () => (await call(get(`${TASKS}/waiting`))).body.status === 'completed', {
    description: 'the pushed task to complete',
  });
  expect(await call(post(`${TASKS}/waiting?acknowledge=true`))).toMatchObject({
    status: 200,
    body: { status: 'acknowledged' },
  });
});
