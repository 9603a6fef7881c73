// Push mode around the run: Task Manager's ephemeralRunNow, capacity, notify, graceful stop.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import { DISPATCHER_INDEX } from '../../common/push/push_protocol';
import {
  callRoute,
  claimTask,
  createIndices,
  deleteIndices,
  executionsOf,
  push,
  readTask,
  startNotifyServer,
  startPushHost,
  type PushTestIndices,
  type TestHost,
} from './push_test_env';
import { TEST_PUSH_TOKEN } from '../../test_helpers/system';

const es = createTestEsClient();
const created: PushTestIndices[] = [];
const hosts: TestHost[] = [];

async function newHost(options: Parameters<typeof startPushHost>[1] = {}) {
  const indices = createIndices('run-now-life');
  created.push(indices);
  const host = await startPushHost(indices, options);
  hosts.push(host);
  return { host, indices };
}

async function schedule(
  host: TestHost,
  id: string,
  body: Record<string, unknown>,
  authorization?: string
) {
  const answer = await callRoute(
    host.url,
    'POST',
    `/internal/background_tasks/tasks/${id}?schedule=true`,
    {
      body,
      authorization,
    }
  );
  expect(answer).toMatchObject({ status: 200 });
}

afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await Promise.all(created.map((indices) => deleteIndices(es, indices)));
  await es.close();
});

it('runs through Kibana 8’s ephemeralRunNow ({ id, state }) when the contract has it, and still finishes the document', async () => {
  const { host, indices } = await newHost({ taskManager: 'stub', ephemeralRunNow: true });
  await schedule(host, 'eph-1', {
    type: 'fixture:recurring',
    params: {},
    schedule: { interval: '1h' },
  });
  const body = await claimTask(es, indices.tasks, 'eph-1', host.uuid);
  expect((await push(host.url, body)).status).toBe(202);
  const after = await waitFor(async () => {
    const current = await readTask(es, indices.tasks, 'eph-1');
    return current?.task.status === 'idle' ? current.task : undefined;
  });
  expect(after.state).toEqual({ runs: 1 });
  expect(host.logs.join('\n')).toMatch(/ephemeralRunNow runs task \[eph-1\]/);
  expect(await executionsOf(es, indices.executions, 'eph-1')).toHaveLength(1);
});

it('runs through the plugin’s own runner when Task Manager has no ephemeralRunNow (Kibana 9)', async () => {
  const { host, indices } = await newHost({ taskManager: 'stub' });
  await schedule(host, 'own-1', { type: 'fixture:once', params: { label: 'own' } });
  const body = await claimTask(es, indices.tasks, 'own-1', host.uuid);
  expect((await push(host.url, body)).status).toBe(202);
  await waitFor(async () => (await readTask(es, indices.tasks, 'own-1')) === undefined);
  expect(host.logs.join('\n')).not.toMatch(/ephemeralRunNow/);
  expect(await executionsOf(es, indices.executions, 'own-1')).toHaveLength(1);
});

it('keeps a 1 MB failure message whole in the tracking document, and no log line holds it', async () => {
  const { host, indices } = await newHost();
  const chars = 1_000_000;
  await schedule(host, 'long-fail', { type: 'fixture:fail_long', params: { chars } });
  const body = await claimTask(es, indices.tasks, 'long-fail', host.uuid);
  expect((await push(host.url, body)).status).toBe(202);
  const result = await waitFor(
    async () => {
      const answer = await callRoute<{ status: string; error?: string }>(
        host.url,
        'GET',
        '/internal/background_tasks/tasks/long-fail'
      );
      return answer.body?.status === 'failed' ? answer.body : undefined;
    },
    { description: 'the task to fail' }
  );
  expect(result.error).toBe('m'.repeat(chars));
  const logged = host.logs.filter((line) => line.includes('mmmmmmmmmm'));
  expect(logged.length).toBeGreaterThan(0);
  for (const line of logged) {
    expect(line.length).toBeLessThan(20_000);
    expect(line).toMatch(/… \(\d+ more characters\)/);
  }
});

it('answers 429 with Retry-After at capacity, running nothing and leaving the claim to release', async () => {
  const { host, indices } = await newHost({
    config: {
      'xpack.background_tasks.push.capacity': 2,
      'xpack.background_tasks.push.queue_capacity': 0,
    },
  });
  await schedule(host, 'busy-1', { type: 'fixture:wait', params: { ms: 2000 } });
  await schedule(host, 'busy-2', { type: 'fixture:once', params: {} });
  expect(
    (await push(host.url, await claimTask(es, indices.tasks, 'busy-1', host.uuid))).status
  ).toBe(202);
  const second = await claimTask(es, indices.tasks, 'busy-2', host.uuid);
  const answer = await push(host.url, second);
  expect(answer.status).toBe(429);
  expect(answer.headers.get('retry-after')).toBe('1');
  expect(await executionsOf(es, indices.executions, 'busy-2')).toHaveLength(0);
  expect(await readTask(es, indices.tasks, 'busy-2')).toMatchObject({ seqNo: second.claim.seq_no });
});

it('queues a push beyond capacity and starts it when the run before it ends', async () => {
  const { host, indices } = await newHost({
    config: {
      'xpack.background_tasks.push.capacity': 2,
      'xpack.background_tasks.push.queue_capacity': 2,
    },
  });
  for (const id of ['q-1', 'q-3'])
    await schedule(host, id, { type: 'fixture:wait', params: { ms: 1500 } });
  await schedule(host, 'q-2', { type: 'fixture:once', params: {} });
  const claims = [];
  for (const id of ['q-1', 'q-2', 'q-3'])
    claims.push(await claimTask(es, indices.tasks, id, host.uuid));
  const answers = [];
  for (const claim of claims) answers.push(await push(host.url, claim));
  // One runs, one waits, the third finds neither a slot nor room in the queue.
  expect(answers.map((answer) => answer.status)).toEqual([202, 202, 429]);
  const startOf = async (id: string) =>
    (await executionsOf(es, indices.executions, id)).map((e) =>
      Date.parse((e as { at?: string }).at ?? '')
    );
  const [q2] = await waitFor(
    async () => {
      const starts = await startOf('q-2');
      return starts.length > 0 ? starts : undefined;
    },
    { description: 'the queued task to run' }
  );
  const [q1] = await startOf('q-1');
  // Started once the 1.5 s run before it ended, not beside it.
  expect(q2 - q1).toBeGreaterThanOrEqual(1500);
  await waitFor(async () => !(await readTask(es, indices.tasks, 'q-2')), {
    description: 'the queued one-shot task to finish',
  });
  expect(await startOf('q-2')).toHaveLength(1);
  expect(await startOf('q-3')).toHaveLength(0);
});

it('notifies the dispatcher leader of a task scheduled due now, as stored', async () => {
  const dispatcher = await startNotifyServer();
  try {
    const { host, indices } = await newHost();
    await es.index({
      index: indices.dispatcher,
      id: 'leader',
      refresh: true,
      document: {
        holder: 'test-dispatcher',
        term: 1,
        expires_at: new Date(Date.now() + 60_000).toISOString(),
        url: dispatcher.url,
      },
    });
    await schedule(host, 'notify-now', { type: 'fixture:once', params: {} });
    await schedule(host, 'notify-later', {
      type: 'fixture:once',
      params: {},
      runAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await waitFor(() => dispatcher.notified.length > 0, { description: 'a notify' });
    expect(dispatcher.notified).toHaveLength(1);
    const [{ ids, tasks }] = dispatcher.notified;
    expect(ids).toEqual([]);
    // the version its create answered, and the fields a claim needs: no read by the dispatcher
    const stored = await readTask(es, indices.tasks, 'notify-now');
    expect(tasks).toEqual([
      {
        id: 'notify-now',
        seq_no: stored?.seqNo,
        primary_term: stored?.primaryTerm,
        task: expect.objectContaining({ taskType: 'fixture:once', status: 'idle', attempts: 0 }),
      },
    ]);
    expect(DISPATCHER_INDEX).not.toBe(indices.dispatcher);
  } finally {
    await dispatcher.close();
  }
});

it('on stop: aborts runs at once, releases their claims (fenced by the pushed version), keeps them in progress and removes its node document', async () => {
  // A shutdown timeout far above the bound below: the run must end by its abort, not by it.
  const { host, indices } = await newHost({
    config: { 'xpack.background_tasks.push.shutdown_timeout_ms': 30_000 },
  });
  await waitFor(
    async () => (await es.exists({ index: indices.nodes, id: host.uuid })) || undefined
  );
  await schedule(host, 'long-1', { type: 'fixture:wait', params: { ms: 600_000 } });
  const body = await claimTask(es, indices.tasks, 'long-1', host.uuid);
  expect((await push(host.url, body)).status).toBe(202);
  await waitFor(async () => (await executionsOf(es, indices.executions, 'long-1')).length === 1);
  // Nothing is written before the run: the task is at the pushed claim's version.
  const taken = await readTask(es, indices.tasks, 'long-1');
  expect(taken!.seqNo).toBe(body.claim.seq_no);
  const started = Date.now();
  await host.stop();
  expect(Date.now() - started).toBeLessThan(10_000);
  const released = await readTask(es, indices.tasks, 'long-1');
  expect(released!.seqNo).toBeGreaterThan(taken!.seqNo);
  expect(released?.task).toMatchObject({
    status: 'idle',
    ownerId: null,
    attempts: 0,
    startedAt: null,
  });
  expect(await es.exists({ index: indices.nodes, id: host.uuid })).toBe(false);
  // Not a failure: a polling UI keeps seeing the task in progress while it re-runs elsewhere.
  const tracking = await es.get<{ status: string }>({ index: indices.tracking, id: 'long-1' });
  expect(tracking._source?.status).toBe('in_progress');
});

it('with Kibana security: the push needs the dispatcher API key’s privilege as well as the token', async () => {
  const user = 'ApiKey dGVzdC11c2VyOmtleQ==';
  const dispatcher = 'ApiKey ZGlzcGF0Y2hlcjprZXk=';
  const admin = 'Basic YWRtaW46Y2hhbmdlbWU=';
  const { host, indices } = await newHost({
    config: {
      'server.authz.credentials': [
        { authorization: dispatcher, privileges: ['background_tasks_push'] },
        { authorization: user, privileges: ['read_background_tasks', 'manage_background_tasks'] },
        { authorization: admin, privileges: ['features'] },
      ],
    },
  });
  // The plugin registered the features a role grants those privileges through.
  type Feature = { id: string; privileges: Record<string, { api?: string[] }> };
  const features = await callRoute<Feature[]>(host.url, 'GET', '/api/features', {
    authorization: admin,
  });
  expect(features.status).toBe(200);
  const apiOf = (id: string) => features.body.find((feature) => feature.id === id)?.privileges;
  expect(apiOf('backgroundTasks')?.all.api).toEqual([
    'read_background_tasks',
    'manage_background_tasks',
  ]);
  expect(apiOf('backgroundTasksDispatcher')?.all.api).toEqual(['background_tasks_push']);

  await schedule(host, 'authz-1', { type: 'fixture:once', params: {} }, user);
  const body = await claimTask(es, indices.tasks, 'authz-1', host.uuid);
  // The right token from a caller without the push privilege, then without credentials.
  const refused = await push(host.url, body, TEST_PUSH_TOKEN, user);
  expect(refused.status).toBe(403);
  expect(String(refused.body.message)).toMatch(/background_tasks_push/);
  expect((await push(host.url, body, TEST_PUSH_TOKEN)).status).toBe(401);
  // The dispatcher's API key without the token.
  expect((await push(host.url, body, null, dispatcher)).status).toBe(401);
  expect(await executionsOf(es, indices.executions, 'authz-1')).toHaveLength(0);
  expect((await push(host.url, body, TEST_PUSH_TOKEN, dispatcher)).status).toBe(202);
  await waitFor(async () => (await readTask(es, indices.tasks, 'authz-1')) === undefined);
});
