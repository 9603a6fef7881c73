// Acceptance 2 (issue 4): in pull mode (Task Manager claiming, Kibana's defaults: poll 500 ms,
// capacity 10), 200 one-shot tasks scheduled through the plugin's route across 2 runtime hosts
// (child processes) each run exactly once, and no task is run by both hosts.
import { createTestEsClient, getEsUrl } from '../../../test_helpers/elasticsearch';
import { startNodes, type NodeHandle } from '../../../test_helpers/kibana_host';
import { waitFor } from '../../../test_helpers/wait_for';
import {
  countBy,
  createE2eIndices,
  deleteE2eIndices,
  e2eHostConfig,
  readRecords,
  scheduleTasks,
  notStartedOnce,
  startsPerTask,
  waitForCompleted,
  type E2eIndices,
} from '../../../dispatcher/integration_tests/helpers/e2e_env';

const TASKS = 200;
const RUN_MS = 50;

const es = createTestEsClient();
let indices: E2eIndices | undefined;
let nodes: NodeHandle[] = [];

/** Pull mode: Task Manager claims for itself (no dispatcher, push off), at Kibana's defaults. */
function pullHostConfig(esUrl: string, indices: E2eIndices) {
  return e2eHostConfig(esUrl, indices, {
    config: {
      'node.roles': ['background_tasks', 'ui'],
      'xpack.task_manager.unsafe.disable_task_claiming': false,
      'xpack.background_tasks.push.enabled': false,
    },
  });
}

beforeAll(async () => {
  indices = await createE2eIndices(es, 'pull-two-hosts');
  nodes = await startNodes({
    count: 2,
    esUrl: getEsUrl(),
    config: pullHostConfig(getEsUrl(), indices),
  });
});

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  if (indices) await deleteE2eIndices(es, indices);
  await es.close();
});

it(`runs ${TASKS} tasks scheduled across 2 pull-mode hosts exactly once each, never on both`, async () => {
  const idx = indices as E2eIndices;
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
