// Issue 11 item 5: a registerTaskActionRoute route answers Kibana's Streams client, requests sent
// exactly as Kibana's browser http sends them, through every step of a task's life.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import {
  claimTask,
  createIndices,
  deleteIndices,
  executionsOf,
  push,
  startPushHost,
  type TestHost,
} from './push_test_env';

jest.setTimeout(60_000);

const es = createTestEsClient();
const indices = createIndices('streams-dialect');
const FIXTURE = '/internal/run_now_fixture';
let host: TestHost;

/**
 * The headers Kibana's browser http (src/core/packages/http/browser-internal/src/fetch.ts)
 * puts on every request: JSON content type, `kbn-version`, `kbn-build-number` and
 * `x-elastic-internal-origin: Kibana`; never `kbn-xsrf`. `elastic-api-version` goes only with a
 * versioned endpoint, and Streams' internal task endpoints have none
 * (kbn-server-route-repository-utils/src/parse_endpoint.ts), so it is not sent.
 */
const KIBANA_BROWSER_HEADERS = {
  'Content-Type': 'application/json',
  'kbn-version': '9.3.0',
  'kbn-build-number': '90300',
  'x-elastic-internal-origin': 'Kibana',
};

/** `http.get(path)` / `http.post(path, { query: { [flag]: true }, body })`, as Streams calls them. */
async function kibanaHttp(
  method: 'GET' | 'POST',
  path: string,
  { flag, body }: { flag?: 'schedule' | 'cancel' | 'acknowledge'; body?: unknown } = {}
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${host.url}${FIXTURE}${path}${flag ? `?${flag}=true` : ''}`, {
    method,
    credentials: 'same-origin',
    headers: KIBANA_BROWSER_HEADERS,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

/** Runs the task on the host: claimed as the dispatcher claims it, then pushed. */
async function run(taskId: string): Promise<void> {
  const claim = await claimTask(es, indices.tasks, taskId, host.uuid);
  expect((await push(host.url, claim)).status).toBe(202);
}

async function statusOf(path: string): Promise<unknown> {
  return (await kibanaHttp('GET', path)).body.status;
}

beforeAll(async () => {
  host = await startPushHost(indices);
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(es, indices);
  await es.close();
});

describe('a registerTaskActionRoute route, called as Kibana’s Streams client calls it', () => {
  it('answers a never-scheduled task not_started (200), cancel included', async () => {
    await expect(kibanaHttp('GET', '/labels/never')).resolves.toEqual({
      status: 200,
      body: { status: 'not_started' },
    });
    await expect(kibanaHttp('POST', '/labels/never', { flag: 'cancel' })).resolves.toEqual({
      status: 200,
      body: { status: 'not_started' },
    });
    // Streams refuses to acknowledge anything not completed, a never-scheduled task too.
    expect((await kibanaHttp('POST', '/labels/never', { flag: 'acknowledge' })).status).toBe(409);
    await expect(executionsOf(es, indices.executions, 'label-never')).resolves.toEqual([]);
  });

  it('schedules, reports in_progress, completes with the payload flat, acknowledges', async () => {
    await expect(
      kibanaHttp('POST', '/labels/blue', { flag: 'schedule', body: { label: 'blue' } })
    ).resolves.toEqual({ status: 200, body: { status: 'in_progress' } });
    await expect(kibanaHttp('GET', '/labels/blue')).resolves.toEqual({
      status: 200,
      body: { status: 'in_progress' },
    });
    // Scheduling again while in progress is a no-op answering in_progress, as in Streams.
    await expect(
      kibanaHttp('POST', '/labels/blue', { flag: 'schedule', body: { label: 'blue' } })
    ).resolves.toEqual({ status: 200, body: { status: 'in_progress' } });

    await run('label-blue');
    await waitFor(async () => (await statusOf('/labels/blue')) === 'completed', {
      description: 'the task to complete',
    });
    await expect(kibanaHttp('GET', '/labels/blue')).resolves.toEqual({
      status: 200,
      body: { status: 'completed', label: 'blue' },
    });
    await expect(kibanaHttp('POST', '/labels/blue', { flag: 'acknowledge' })).resolves.toEqual({
      status: 200,
      body: { status: 'acknowledged', label: 'blue' },
    });
    await expect(kibanaHttp('GET', '/labels/blue')).resolves.toEqual({
      status: 200,
      body: { status: 'acknowledged', label: 'blue' },
    });
    // One run: the second schedule did not start another.
    expect(await executionsOf(es, indices.executions, 'label-blue')).toHaveLength(1);
  });

  it('cancels a running task: being_canceled, then canceled', async () => {
    await expect(
      kibanaHttp('POST', '/waits/long', { flag: 'schedule', body: { ms: 600_000 } })
    ).resolves.toEqual({ status: 200, body: { status: 'in_progress' } });
    await run('wait-long');
    await waitFor(
      async () => (await executionsOf(es, indices.executions, 'wait-long')).length > 0,
      {
        description: 'the run to start',
      }
    );
    await expect(kibanaHttp('POST', '/waits/long', { flag: 'cancel' })).resolves.toEqual({
      status: 200,
      body: { status: 'being_canceled' },
    });
    await waitFor(async () => (await statusOf('/waits/long')) === 'canceled', {
      description: 'the cancel to be carried out',
    });
    await expect(kibanaHttp('GET', '/waits/long')).resolves.toEqual({
      status: 200,
      body: { status: 'canceled' },
    });
    // Cancelling a canceled task changes nothing.
    await expect(kibanaHttp('POST', '/waits/long', { flag: 'cancel' })).resolves.toEqual({
      status: 200,
      body: { status: 'canceled' },
    });
  });

  it('reports a failure as { status: failed, error }', async () => {
    await expect(
      kibanaHttp('POST', '/failures/once', { flag: 'schedule', body: { chars: 12 } })
    ).resolves.toEqual({ status: 200, body: { status: 'in_progress' } });
    await run('failure-once');
    await waitFor(async () => (await statusOf('/failures/once')) === 'failed', {
      description: 'the task to fail',
    });
    await expect(kibanaHttp('GET', '/failures/once')).resolves.toEqual({
      status: 200,
      body: { status: 'failed', error: 'm'.repeat(12) },
    });
    // Only completed tasks can be acknowledged.
    expect((await kibanaHttp('POST', '/failures/once', { flag: 'acknowledge' })).status).toBe(409);
  });
});
