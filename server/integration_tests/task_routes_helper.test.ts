// registerTaskActionRoute: a consumer's own route with the same flags, for one task type.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import {
  callRoute,
  claimTask,
  createIndices,
  deleteIndices,
  push,
  startPushHost,
  type TestHost,
} from './push_test_env';

const es = createTestEsClient();
const indices = createIndices('task-routes-helper');
const ROUTE = '/internal/run_now_fixture/labels';
let host: TestHost;

beforeAll(async () => {
  host = await startPushHost(indices);
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(es, indices);
  await es.close();
});

it('schedules, reports, refuses and acknowledges, in Streams’ dialect', async () => {
  const url = `${ROUTE}/red`;
  expect(await callRoute(host.url, 'GET', url)).toMatchObject({
    status: 200,
    body: { status: 'not_started' },
  });
  const bad = await callRoute(host.url, 'POST', `${url}?schedule=true`, { body: { label: 42 } });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/label/);
  const scheduled = await callRoute(host.url, 'POST', `${url}?schedule=true`, {
    body: { label: 'red' },
  });
  expect(scheduled).toMatchObject({ status: 200, body: { status: 'in_progress' } });
  expect((await callRoute(host.url, 'POST', `${url}?acknowledge=true`)).status).toBe(409);
  expect((await callRoute(host.url, 'POST', `${url}?cancel=true&acknowledge=true`)).status).toBe(
    400
  );
  // Another space does not see the task: there it was never scheduled.
  expect(await callRoute(host.url, 'GET', url, { space: 'elsewhere' })).toMatchObject({
    status: 200,
    body: { status: 'not_started' },
  });

  const body = await claimTask(es, indices.tasks, 'label-red', host.uuid);
  expect((await push(host.url, body)).status).toBe(202);
  await waitFor(async () => (await callRoute(host.url, 'GET', url)).body.status === 'completed');
  expect((await callRoute(host.url, 'GET', url)).body).toEqual({
    status: 'completed',
    label: 'red',
  });
  const acknowledged = await callRoute(host.url, 'POST', `${url}?acknowledge=true`);
  expect(acknowledged).toMatchObject({
    status: 200,
    body: { status: 'acknowledged', label: 'red' },
  });
});
