// With security on the hosts, as in a Kibana with the security plugin: the dispatcher sends its
// API key in Authorization (which the host authenticates, and whose privileges must include the
// push privilege) and the push token in its own header. Users schedule with their own
// credentials. Every task is pushed and runs once.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import {
  notStartedOnce,
  readRecords,
  scheduleTasks,
  startsPerTask,
  waitForCompleted,
} from '../../scripts/system/e2e_workload';
import { pushesOf } from './helpers/dispatcher_metrics';
import { startTestSystem, TEST_PUSH_TOKEN, type TestSystem } from '../../test_helpers/system';

const TASKS = 30;
const DISPATCHER_API_KEY = 'ZGlzcGF0Y2hlcjplMmUtc2VjcmV0';
const USER = 'ApiKey dXNlcjplMmUtdXNlcg==';

const es = createTestEsClient();
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem(es, 'e2e-security', {
    hosts: {
      config: {
        'server.authz.credentials': [
          { authorization: `ApiKey ${DISPATCHER_API_KEY}`, privileges: ['background_tasks_push'] },
          { authorization: USER, privileges: ['read_background_tasks', 'manage_background_tasks'] },
        ],
      },
    },
    dispatcher: { push: { api_key: DISPATCHER_API_KEY } },
  });
});

afterAll(async () => {
  await system?.stop();
  await es.close();
});

it(`pushes all ${TASKS} tasks with the dispatcher's API key and the token, each run once`, async () => {
  const { indices, nodes, dispatcher } = system;
  const ids = Array.from({ length: TASKS }, (_, i) => `secure-${i}`);
  await scheduleTasks(
    nodes.map((node) => ({ ...node, authorization: USER })),
    ids,
    () => ({ params: { ms: 20 } })
  );
  await waitForCompleted(es, indices, ids, 60_000);

  const starts = startsPerTask(await readRecords(es, indices.executions));
  expect([...starts.keys()].sort()).toEqual([...ids].sort());
  expect(notStartedOnce(starts)).toEqual([]);
  expect(await pushesOf(dispatcher, 'accepted')).toBe(TASKS);
  // Neither secret reaches the dispatcher's log.
  const logged = JSON.stringify(dispatcher.logs);
  expect(logged).not.toContain(DISPATCHER_API_KEY);
  expect(logged).not.toContain(TEST_PUSH_TOKEN);
});
