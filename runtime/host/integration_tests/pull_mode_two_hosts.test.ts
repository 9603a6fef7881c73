// Acceptance 2 (issue 4): in pull mode (Task Manager claiming, Kibana's defaults: poll 500 ms,
// capacity 10), 200 one-shot tasks scheduled through the plugin's route across 2 runtime hosts
// (child processes) each run exactly once, and no task is run by both hosts.
import { createTestEsClient } from '../../../test_helpers/elasticsearch';
import { waitFor } from '../../../test_helpers/wait_for';
import {
  countBy,
  notStartedOnce,
  readRecords,
  scheduleTasks,
  startsPerTask,
  waitForCompleted,
} from '../../../scripts/system/e2e_workload';
import {
  startTestSystem,
  type TestHost,
  type TestSystem,
  type TestSystemIndices,
} from '../../../test_helpers/system';

const TASKS = 200;
const RUN_MS = 50;

const es = createTestEsClient();
let indices: TestSystemIndices | undefined;
let nodes: TestHost[] = [];
let system: TestSystem | undefined;

beforeAll(async () => {
  // Pull mode: Task Manager claims for itself (no dispatcher, push off), at Kibana's defaults.
  system = await startTestSystem(es, 'pull-two-hosts', {
    mode: 'pull',
    hosts: { config: { 'node.roles': ['background_tasks', 'ui'] } },
  });
  ({ indices, nodes } = system);
});

afterAll(async () => {
  await system?.stop();
  await es.close();
});

it(`runs ${TASKS} tasks scheduled across 2 pull-mode hosts exactly once each, never on both`, async () => {
  const idx = indices as TestSystemIndices;
  const ids = Array.from({ length: TASKS }, (_, i) => `pull-${i}`);
  const started = Date.now();
  await scheduleTasks(nodes, ids, () => ({ params: { ms: RUN_MS } }));
  const scheduledMs = Date.now() - started;
  await waitForCompleted(es, idx, ids, 90_000);
  const totalMs = Date.now() - started;

  const records = await readRecords(es, idx.executions);
  const starts = startsPerTask(records);
  const endsPerTask = countBy(
    records.filter((r) => r.event === 'end'),
    (r) => r.task_id
  );
  const names = Object.fromEntries(nodes.map((node, i) => [node.uuid, `host-${i}`]));
  const perHost = countBy(
    records.filter((r) => r.event === 'start'),
    (r) => names[r.node] ?? r.node
  );
  console.log(
    `[pull 2 hosts] ${TASKS} tasks (${RUN_MS} ms each, poll 500 ms, capacity 10): scheduled ` +
      `through the route in ${scheduledMs} ms, all completed after ${totalMs} ms; runs per host ` +
      JSON.stringify(perHost)
  );

  // Exactly once: every id started once and ended once, and nothing else ran.
  expect([...starts.keys()].sort()).toEqual([...ids].sort());
  expect(notStartedOnce(starts)).toEqual([]);
  expect(Object.keys(endsPerTask).sort()).toEqual([...ids].sort());
  expect(Object.entries(endsPerTask).filter(([, n]) => n !== 1)).toEqual([]);

  // Never claimed by both hosts: every record of an id names one node, a known one.
  const nodesPerTask = new Map<string, Set<string>>();
  for (const record of records) {
    nodesPerTask.set(
      record.task_id,
      (nodesPerTask.get(record.task_id) ?? new Set()).add(record.node)
    );
  }
  expect([...nodesPerTask].filter(([, set]) => set.size !== 1).map(([id]) => id)).toEqual([]);
  expect(Object.keys(perHost).sort()).toEqual(['host-0', 'host-1']);
  expect(perHost['host-0'] + perHost['host-1']).toBe(TASKS);

  // Task Manager removes a one-shot task's document once it succeeded: none is left behind.
  await waitFor(
    async () => {
      await es.indices.refresh({ index: idx.tasks });
      return (await es.count({ index: idx.tasks })).count === 0;
    },
    { timeoutMs: 10_000, intervalMs: 200, description: 'the task index to hold no task left' }
  );
});
