// A type's maxConcurrency: not handed to Task Manager (which refuses it off its allow-list), enforced by the node.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import {
  callRoute,
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
const indices = createIndices('max-concurrency');
const TASKS = '/internal/background_tasks/tasks';
let host: TestHost;

beforeAll(async () => {
  // The runtime's Task Manager throws, as Kibana's, for maxConcurrency on `fixture:single`:
  // the host starting at all shows the plugin kept it to itself.
  host = await startPushHost(indices, { taskManager: 'runtime' });
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(es, indices);
  await es.close();
});

it('runs one task of a maxConcurrency 1 type at a time on a node, refusing the second with 429', async () => {
  for (const id of ['single-1', 'single-2']) {
    const scheduled = await callRoute(host.url, 'POST', `${TASKS}/${id}?schedule=true`, {
      body: { type: 'fixture:single', params: { ms: 600_000 } },
    });
    expect(scheduled).toMatchObject({ status: 200, body: { status: 'in_progress' } });
  }
  expect(
    (await push(host.url, await claimTask(es, indices.tasks, 'single-1', host.uuid))).status
  ).toBe(202);
  await waitFor(async () => (await executionsOf(es, indices.executions, 'single-1')).length > 0, {
    description: 'the first run to start',
  });
  const refused = await push(host.url, await claimTask(es, indices.tasks, 'single-2', host.uuid));
  expect(refused.status).toBe(429);
  expect(refused.body.message).toMatch(/Too many \[fixture:single\] tasks/);
  expect(await executionsOf(es, indices.executions, 'single-2')).toEqual([]);

  await callRoute(host.url, 'POST', `${TASKS}/single-1?cancel=true`);
  await waitFor(
    async () => (await callRoute(host.url, 'GET', `${TASKS}/single-1`)).body.status === 'canceled',
    { description: 'the first run to be canceled' }
  );
});
