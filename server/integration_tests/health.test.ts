// The health API against real Elasticsearch: a running push system reads OK, a stopped dispatcher
// shows as drift, 100,000 documents are summed right within 200 ms, and the route needs `read`.
import { performance } from 'node:perf_hooks';
import type { BackgroundTasksHealth } from '../../common';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { startTestDispatcher } from '../../test_helpers/system';
import { waitFor } from '../../test_helpers/wait_for';
import { buildWorkload, loadWorkload, WORKLOAD_TYPES } from './lib/health_workload';
import {
  callRoute,
  createIndices,
  deleteIndices,
  pushHostConfig,
  type TestHost,
} from './push_test_env';
import { startInProcessHost } from '../../test_helpers/kbn_server';

jest.setTimeout(240_000);

const HEALTH = '/internal/background_tasks/_health';
const TASKS = '/internal/background_tasks/tasks';
const es = createTestEsClient();
const indices = createIndices('health');
const hosts: TestHost[] = [];
let host: TestHost;
let dispatcher: ReturnType<typeof startTestDispatcher> | undefined;

const healthSettings = {
  'xpack.background_tasks.health.drift_warn_ms': 1000,
  // a busy shared machine may delay a 200 ms heartbeat: 5 s before a node counts as gone
  'xpack.background_tasks.health.missed_heartbeats': 25,
};

async function health(authorization?: string) {
  return callRoute<BackgroundTasksHealth>(host.url, 'GET', HEALTH, { authorization });
}

beforeAll(async () => {
  host = await startInProcessHost(pushHostConfig(indices, { config: healthSettings }));
  hosts.push(host);
  dispatcher = startTestDispatcher({ esUrl: getEsUrl(), indices });
  await dispatcher.waitForReady(1);
});

afterAll(async () => {
  await dispatcher?.stop();
  await Promise.all(hosts.map((h) => h.stop()));
  await deleteIndices(es, indices);
  await es.close();
});

it('reads OK while the dispatcher leads and pushes to a live node', async () => {
  const scheduled = await callRoute(host.url, 'POST', `${TASKS}/ok-1?schedule=true`, {
    body: { type: 'fixture:once', params: {} },
  });
  expect(scheduled.status).toBe(200);
  await waitFor(
    async () => (await callRoute(host.url, 'GET', `${TASKS}/ok-1`)).body.status === 'completed',
    {
      description: 'ok-1 to complete',
    }
  );
  const report = await waitFor(
    async () => {
      const { body } = await health();
      return body.status === 'OK' && body.runs.completed >= 1 ? body : undefined;
    },
    { description: 'an OK report counting the run' }
  );
  expect(report).toMatchObject({
    push: true,
    nodes: { live: 1, list: [{ id: host.uuid, capacity: 20 }] },
    leader: { valid: true, term: expect.any(Number) },
    due: { count: 0, drift_ms: 0 },
  });
  expect(report.leader!.term).toBeGreaterThanOrEqual(1);
  expect(report.task_types['fixture:once'].runs).toMatchObject({ completed: 1, failed: 0 });
  expect(report.reason).toBeUndefined();
  // cluster-wide, and reachable from a space's path too
  const inSpace = await callRoute<BackgroundTasksHealth>(host.url, 'GET', HEALTH, {
    space: 'space-b',
  });
  expect(inSpace).toMatchObject({ status: 200, body: { nodes: { live: 1 } } });
});

it('reports drift, naming it in the reason, once the dispatcher is stopped and tasks wait', async () => {
  await dispatcher!.stop();
  for (const id of ['late-1', 'late-2', 'late-3']) {
    const answer = await callRoute(host.url, 'POST', `${TASKS}/${id}?schedule=true`, {
      body: { type: 'fixture:once', params: {} },
    });
    expect(answer.status).toBe(200);
  }
  // past drift_warn_ms (1 s): nothing claims them any more
  const report = await waitFor(
    async () => {
      const { body } = await health();
      return body.due.count === 3 && body.due.drift_ms >= 1000 ? body : undefined;
    },
    { description: 'the three tasks to show as due and late' }
  );
  expect(report.task_types['fixture:once'].due).toMatchObject({ count: 3 });
  expect(report.task_types['fixture:once'].due.drift_ms).toBeGreaterThan(0);
  expect(report.leader).toMatchObject({ valid: false });
  // no leader is an error; drift alone would have been a warning
  expect(report.status).toBe('error');
  expect(report.reason).toMatch(/drift: 3 due task\(s\) not started, the oldest \(fixture:once\)/);
  expect(report.reason).toMatch(/no dispatcher leader/);
});

it('sums 100,000 task and tracking documents right, answering within 200 ms (median of 9 after 2 warm-ups)', async () => {
  const workload = buildWorkload({
    taskCount: 50_000,
    trackingCount: 50_000,
    now: Date.now(),
    nodeId: host.uuid,
  });
  await loadWorkload(es, indices, workload);
  const counted = await es.count({ index: [indices.tasks, indices.tracking] });
  expect(counted.count).toBeGreaterThanOrEqual(100_000);

  for (let i = 0; i < 2; i++) expect((await health()).status).toBe(200);
  const samples: number[] = [];
  let report: BackgroundTasksHealth | undefined;
  for (let i = 0; i < 9; i++) {
    const started = performance.now();
    const answer = await health();
    samples.push(performance.now() - started);
    expect(answer.status).toBe(200);
    report = answer.body;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[4];
  console.log(
    `[health] ${counted.count} documents: median ${median.toFixed(1)} ms, ` +
      `min ${sorted[0].toFixed(1)} ms, max ${sorted[8].toFixed(1)} ms over 9 calls`
  );
  expect(median).toBeLessThan(200);

  const now = Date.parse(report!.last_update);
  let runningOnNode = 0;
  for (const type of WORKLOAD_TYPES) {
    const want = workload.expected[type];
    runningOnNode += want.runningOnNode;
    expect({ type, ...report!.task_types[type] }).toEqual({
      type,
      total: want.total,
      running: want.running,
      failed: want.failed,
      retrying: want.retrying,
      due: {
        count: want.due,
        drift_ms: now - want.oldestDue,
        oldest_run_at: new Date(want.oldestDue).toISOString(),
      },
      runs: expect.objectContaining({
        completed: want.completedRecent,
        failed: want.failedRecent,
      }),
    });
  }
  // Bulk types are not among the node's registered ones: each counts at Task Manager's Normal cost (2).
  expect(report!.nodes.list.find((n) => n.id === host.uuid)).toMatchObject({
    running: runningOnNode,
    load: runningOnNode * 2,
  });
  const dueTotal = WORKLOAD_TYPES.reduce((sum, t) => sum + workload.expected[t].due, 0);
  expect(report!.due.count).toBe(dueTotal + 3);
});

it('needs the read privilege: 403 without it, 401 without credentials', async () => {
  const reader = 'ApiKey cmVhZGVyOmtleQ==';
  const manager = 'ApiKey bWFuYWdlcjprZXk=';
  const secured = await startInProcessHost(
    pushHostConfig(indices, {
      config: {
        // a second, UI-only node on the same indices: it must not heartbeat into them
        'xpack.background_tasks.push.enabled': false,
        'server.authz.credentials': [
          { authorization: reader, privileges: ['read_background_tasks'] },
          { authorization: manager, privileges: ['manage_background_tasks'] },
        ],
      },
    })
  );
  hosts.push(secured);
  const call = (authorization?: string) =>
    callRoute<BackgroundTasksHealth & { message?: string }>(secured.url, 'GET', HEALTH, {
      authorization,
    });
  const refused = await call(manager);
  expect(refused.status).toBe(403);
  expect(refused.body.message).toMatch(/read_background_tasks/);
  expect((await call()).status).toBe(401);
  const allowed = await call(reader);
  expect(allowed.status).toBe(200);
  expect(allowed.body.status).toBe('error');
});
