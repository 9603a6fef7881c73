// The set-up the README recommends for a real Kibana 9, which cannot turn Task Manager's claiming
// off: nodes keep claiming (for every other plugin's tasks) but exclude the background task types
// with `xpack.task_manager.unsafe.exclude_task_types`. Every background task is then pushed by the
// dispatcher and runs exactly once; Task Manager never claims one.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import {
  notStartedOnce,
  readRecords,
  scheduleTasks,
  startsPerTask,
  waitForCompleted,
} from '../../scripts/system/e2e_workload';
import { pushesOf } from './helpers/dispatcher_metrics';
import { startTestSystem, type TestSystem } from '../../test_helpers/system';

const TASKS = 100;

const es = createTestEsClient();
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem(es, 'e2e-mixed', {
    hosts: {
      config: {
        'xpack.task_manager.unsafe.disable_task_claiming': false,
        'xpack.task_manager.unsafe.exclude_task_types': ['e2e:*'],
      },
    },
  });
});

afterAll(async () => {
  await system?.stop();
  await es.close();
});

it(`pushes all ${TASKS} tasks when Task Manager claims but excludes their type, each run once`, async () => {
  const { indices, nodes } = system;
  const ids = Array.from({ length: TASKS }, (_, i) => `mixed-${i}`);
  const pushedBefore = await pushesOf(system.dispatcher, 'accepted');
  await scheduleTasks(nodes, ids, () => ({ params: { ms: 20 } }));
  await waitForCompleted(es, indices, ids, 60_000);

  const starts = startsPerTask(await readRecords(es, indices.executions));
  expect([...starts.keys()].sort()).toEqual([...ids].sort());
  expect(notStartedOnce(starts)).toEqual([]);
  // Every run came through a push: none was claimed by a node's Task Manager.
  expect((await pushesOf(system.dispatcher, 'accepted')) - pushedBefore).toBe(TASKS);
});
