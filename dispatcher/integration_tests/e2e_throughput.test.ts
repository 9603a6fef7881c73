// Acceptance 1 (issue 6): 1,000 one-shot tasks scheduled at once through the plugin's route,
// on 2 runtime hosts in push mode and a dispatcher process, all complete exactly once, spread
// over both nodes, and no node ever runs more than its capacity.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import {
  countBy,
  maxRunningCostPerNode,
  notStartedOnce,
  readRecords,
  scheduleTasks,
  startsPerTask,
  TASK_COST,
  waitForCompleted,
} from '../../scripts/system/e2e_workload';
import { startTestSystem, type TestSystem } from '../../test_helpers/system';

const TASKS = 1000;
const RUN_MS = 100;
const CAPACITY = 20;

const es = createTestEsClient();
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem(es, 'e2e-throughput', { hosts: { capacity: CAPACITY } });
});

afterAll(async () => {
  await system?.stop();
  await es.close();
});

it(`runs ${TASKS} tasks scheduled at once exactly once each, on both nodes, within capacity`, async () => {
  const { indices, nodes } = system;
  const ids = Array.from({ length: TASKS }, (_, i) => `bulk-${i}`);
  const started = Date.now();
  await scheduleTasks(nodes, ids, () => ({ params: { ms: RUN_MS } }), 32);
  const scheduledMs = Date.now() - started;
  await waitForCompleted(es, indices, ids, 150_000);
  const totalMs = Date.now() - started;

  const records = await readRecords(es, indices.executions);
  const starts = startsPerTask(records);
  const ends = records.filter((r) => r.event === 'end');
  const perNode = countBy(
    records.filter((r) => r.event === 'start'),
    (r) => r.node
  );
  const maxCost = maxRunningCostPerNode(records);
  const names = Object.fromEntries(nodes.map((node, i) => [node.uuid, `node-${i}`]));
  console.log(
    `[e2e 1] ${TASKS} tasks (${RUN_MS} ms each, capacity ${CAPACITY} = ${CAPACITY / TASK_COST} tasks/node): ` +
      `scheduled through the route in ${scheduledMs} ms, all completed after ${totalMs} ms ` +
      `(${Math.round((TASKS * 1000) / totalMs)} tasks/s); runs per node ` +
      JSON.stringify(Object.fromEntries(Object.entries(perNode).map(([n, c]) => [names[n], c]))) +
      '; max running cost per node ' +
      JSON.stringify(Object.fromEntries(Object.entries(maxCost).map(([n, c]) => [names[n], c])))
  );

  // Exactly once: one start and one end per id, nothing else.
  const twice = notStartedOnce(starts);
  expect(twice).toEqual([]);
  expect(starts.size).toBe(TASKS);
  expect(ends).toHaveLength(TASKS);
  // Spread: both nodes did a fair share.
  expect(Object.keys(perNode).sort()).toEqual(nodes.map((node) => node.uuid).sort());
  for (const count of Object.values(perNode)) expect(count).toBeGreaterThan(TASKS * 0.2);
  // Capacity: never more than the node's capacity running at once.
  for (const cost of Object.values(maxCost)) expect(cost).toBeLessThanOrEqual(CAPACITY);
  // Task Manager removed every one-shot task.
  await es.indices.refresh({ index: indices.tasks });
  expect((await es.count({ index: indices.tasks })).count).toBe(0);
});
