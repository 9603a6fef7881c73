// `_run_now` on a push-mode node: a claimed task runs once and is finished as specified.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import {
  callRoute,
  claimTask,
  createIndices,
  deleteIndices,
  executionsOf,
  push,
  readTask,
  startPushHost,
  type TestHost,
} from './push_test_env';

const es = createTestEsClient();
const indices = createIndices('run-now');
let host: TestHost;

async function schedule(id: string, body: Record<string, unknown>) {
  const answer = await callRoute(
    host.url,
    'POST',
    `/internal/background_tasks/tasks/${id}?schedule=true`,
    { body }
  );
  expect(answer).toMatchObject({ status: 200, body: { status: 'in_progress' } });
}

const taskStatus = async (id: string) =>
  (await callRoute(host.url, 'GET', `/internal/background_tasks/tasks/${id}`)).body;

beforeAll(async () => {
  host = await startPushHost(indices);
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(es, indices);
  await es.close();
});

describe('a pushed, claimed task', () => {
  it('one-shot: runs once, then its document is removed and its result completed', async () => {
    await schedule('once-1', { type: 'fixture:once', params: { label: 'hello' } });
    const body = await claimTask(es, indices.tasks, 'once-1', host.uuid);
    const answer = await push(host.url, body);
    expect(answer).toMatchObject({ status: 202, body: { id: 'once-1', accepted: true } });
    await waitFor(async () => (await readTask(es, indices.tasks, 'once-1')) === undefined, {
      description: 'the one-shot task document to be removed',
    });
    expect(await taskStatus('once-1')).toEqual({
      status: 'completed',
      payload: { label: 'hello' },
    });
    expect(await executionsOf(es, indices.executions, 'once-1')).toHaveLength(1);
  });

  it('recurring: rescheduled from its previous runAt (no drift), new state, attempts 0, owner cleared', async () => {
    const runAt = new Date(Date.now() - 10 * 60_000);
    await schedule('recurring-1', {
      type: 'fixture:recurring',
      params: {},
      runAt: runAt.toISOString(),
      schedule: { interval: '1h' },
    });
    const body = await claimTask(es, indices.tasks, 'recurring-1', host.uuid);
    expect((await push(host.url, body)).status).toBe(202);
    const after = await waitFor(
      async () => {
        const current = await readTask(es, indices.tasks, 'recurring-1');
        return current?.task.status === 'idle' ? current.task : undefined;
      },
      { description: 'the recurring task to be idle again' }
    );
    expect(after.runAt.toISOString()).toBe(new Date(runAt.getTime() + 60 * 60_000).toISOString());
    expect(after.state).toEqual({ runs: 1 });
    expect(after.attempts).toBe(0);
    expect(after.ownerId).toBeNull();
    expect(after.startedAt).toBeNull();
    expect(after.retryAt).toBeNull();
    expect(await taskStatus('recurring-1')).toEqual({ status: 'in_progress' });
    expect(await executionsOf(es, indices.executions, 'recurring-1')).toHaveLength(1);
  });

  it('failure: retried with backoff and attempts counted, then failed after max attempts', async () => {
    await schedule('fail-1', { type: 'fixture:fail', params: {} });
    const backoffs: number[] = [];
    for (const attempt of [1, 2]) {
      const before = Date.now();
      const body = await claimTask(es, indices.tasks, 'fail-1', host.uuid);
      expect((await push(host.url, body)).status).toBe(202);
      const after = await waitFor(
        async () => {
          const current = await readTask(es, indices.tasks, 'fail-1');
          return current?.task.status === 'idle' && current.task.attempts === attempt
            ? current.task
            : undefined;
        },
        { description: `the retry after attempt ${attempt}` }
      );
      expect(after.ownerId).toBeNull();
      backoffs.push(after.runAt.getTime() - before);
    }
    // 30 s after the first failure; then up to 5 min with jitter.
    expect(backoffs[0]).toBeGreaterThanOrEqual(29_000);
    expect(backoffs[0]).toBeLessThanOrEqual(31_000 + 5_000);
    expect(backoffs[1]).toBeLessThanOrEqual(5 * 60_000 + 5_000);
    const last = await claimTask(es, indices.tasks, 'fail-1', host.uuid);
    expect((await push(host.url, last)).status).toBe(202);
    const failed = await waitFor(
      async () => {
        const current = await readTask(es, indices.tasks, 'fail-1');
        return current?.task.status === 'failed' ? current.task : undefined;
      },
      { description: 'the task to fail for good' }
    );
    expect(failed.attempts).toBe(3);
    expect(await executionsOf(es, indices.executions, 'fail-1')).toHaveLength(3);
    expect(await taskStatus('fail-1')).toEqual({ status: 'failed', error: 'fixture failure' });
  });
});

describe('the node heartbeat', () => {
  it('advertises the push URL, the capacity and the registered task types', async () => {
    const doc = await waitFor(async () => {
      const hit = await es.get({ index: indices.nodes, id: host.uuid }).catch(() => undefined);
      return hit?._source as Record<string, unknown> | undefined;
    });
    expect(doc).toMatchObject({
      id: host.uuid,
      push_url: host.url,
      capacity: 20,
      task_types: {
        'fixture:once': { timeout: '1m', max_attempts: 1, cost: 2 },
        'fixture:fail': { timeout: '1m', max_attempts: 3, cost: 2 },
      },
    });
    expect(Date.parse(doc.last_seen as string)).toBeGreaterThan(Date.now() - 10_000);
  });
});
