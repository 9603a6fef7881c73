// Acceptance 4 (issue 6): a node SIGKILLed while running tasks: its tasks go to the other node
// once their retryAt passes and complete; none lost, none running twice at once.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import {
  countBy,
  maxRunningCostPerNode,
  readRecords,
  type RunRecord,
  scheduleTasks,
  startsPerTask,
  waitForCompleted,
} from '../../scripts/system/e2e_workload';
import { startTestSystem, type TestSystem } from '../../test_helpers/system';

/** the type's timeout: a claim's retryAt is this long after it */
const TIMEOUT_MS = 4000;
const RUN_MS = 2000;
/** both nodes full: 10 normal tasks each */
const TASKS = 20;

const es = createTestEsClient();
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem(es, 'e2e-node-failure', {
    hosts: { timeout: `${TIMEOUT_MS / 1000}s` },
  });
});

afterAll(async () => {
  await system?.stop();
  await es.close();
});

it('re-dispatches the tasks of a killed node after their retryAt; none lost, none twice at once', async () => {
  const { indices, nodes } = system;
  const ids = Array.from({ length: TASKS }, (_, i) => `crash-${i}`);
  await scheduleTasks(nodes, ids, () => ({ params: { ms: RUN_MS } }), 8);
  // Every task running, some of them on the node about to die.
  const [victim, survivor] = nodes;
  const running = await waitFor(
    async () => {
      const records = await readRecords(es, indices.executions);
      const starts = records.filter((r) => r.event === 'start');
      return starts.length === TASKS && starts.some((r) => r.node === victim.uuid)
        ? starts
        : undefined;
    },
    { timeoutMs: 20_000, description: `all ${TASKS} tasks to start` }
  );
  const killedAt = Date.now();
  await victim.kill();
  const onVictim = new Set(running.filter((r) => r.node === victim.uuid).map((r) => r.task_id));

  const completedMs = await waitForCompleted(es, indices, ids, 40_000);
  const records = await readRecords(es, indices.executions);
  const starts = startsPerTask(records);
  const ends = new Map<string, RunRecord[]>();
  for (const r of records.filter((r) => r.event === 'end'))
    ends.set(r.task_id, [...(ends.get(r.task_id) ?? []), r]);

  const redispatchDelays: number[] = [];
  const problems: string[] = [];
  for (const id of ids) {
    const runs = starts.get(id) ?? [];
    const finished = ends.get(id) ?? [];
    if (finished.length !== 1) problems.push(`${id} ended ${finished.length} times`);
    if (!onVictim.has(id)) {
      if (runs.length !== 1) problems.push(`${id} (survivor's) started ${runs.length} times`);
      continue;
    }
    // The victim's run ended with the kill; the retry must start after it, on the survivor.
    const [killed, retry, ...more] = runs;
    if (!retry || more.length > 0) {
      problems.push(`${id} (victim's) started ${runs.length} times`);
      continue;
    }
    if (killed.node !== victim.uuid || retry.node !== survivor.uuid)
      problems.push(`${id} ran on ${killed.node} then ${retry.node}`);
    if (retry.at <= killedAt) problems.push(`${id} restarted before the kill`);
    if (retry.attempts !== killed.attempts + 1) problems.push(`${id} attempts not increased`);
    // retryAt = claim + 30 s (Kibana's first retry delay of a one-shot task) + timeout, at least
    // the timeout; the claim precedes the first start by well under a second.
    if (retry.at - killed.at < TIMEOUT_MS - 1000) problems.push(`${id} restarted before retryAt`);
    redispatchDelays.push(retry.at - killed.at);
  }
  // Nothing ran twice at once on the survivor either: within its capacity throughout.
  const maxCost = maxRunningCostPerNode(records.filter((r) => r.node === survivor.uuid))[
    survivor.uuid
  ];
  console.log(
    `[e2e 4] ${TASKS} tasks of ${RUN_MS} ms, timeout ${TIMEOUT_MS} ms; killed node held ${onVictim.size} ` +
      `running; all completed ${completedMs} ms after the kill; re-dispatched runs started ` +
      `${Math.min(...redispatchDelays)}–${Math.max(...redispatchDelays)} ms after the killed run ` +
      `(retryAt = claim + 30 s + ${TIMEOUT_MS} ms, Kibana's one-shot rule); runs per node ` +
      JSON.stringify(
        countBy(
          records.filter((r) => r.event === 'start'),
          (r) => (r.node === victim.uuid ? 'killed' : 'survivor')
        )
      ) +
      `; survivor's max running cost ${maxCost}`
  );
  expect(onVictim.size).toBeGreaterThan(0);
  expect(problems).toEqual([]);
  expect(redispatchDelays).toHaveLength(onVictim.size);
  expect(maxCost).toBeLessThanOrEqual(20);
});
