// Acceptance 3 (issue 6): two dispatcher processes; only the leader claims; SIGKILL the leader
// while tasks flow and the other takes over within twice the lease; no task runs twice.
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import type { NodeHandle } from '../../test_helpers/kibana_host';
import { waitFor } from '../../test_helpers/wait_for';
import type { DispatcherProcess } from './helpers/dispatcher_process';
import {
  countBy,
  createE2eIndices,
  deleteE2eIndices,
  e2eDispatcherConfig,
  killDispatcher,
  metricValue,
  readRecords,
  scheduleTasks,
  startDispatcher,
  startE2eNodes,
  notStartedOnce,
  startsPerTask,
  stopDispatcher,
  waitForCompleted,
  waitForDispatcherReady,
  type E2eIndices,
} from './helpers/e2e_env';

const LEASE_MS = 2000;
const TASKS = 300;
const CLAIMS = 'background_tasks_dispatcher_claims_total';

const es = createTestEsClient();
let indices: E2eIndices;
let nodes: NodeHandle[] = [];
let first: DispatcherProcess | undefined;
let second: DispatcherProcess | undefined;

beforeAll(async () => {
  indices = await createE2eIndices(es, 'e2e-failover');
  // A short timeout: a task the killed leader claimed but never pushed comes back soon.
  ({ nodes } = await startE2eNodes(getEsUrl(), indices, { timeout: '5s' }));
  const config = () =>
    e2eDispatcherConfig(getEsUrl(), indices, {
      lease: { duration_ms: LEASE_MS, renew_interval_ms: 300, safety_margin_ms: 500 },
    });
  first = startDispatcher({ ...config(), id: 'dispatcher-first' });
  await waitForDispatcherReady(first, 2);
  second = startDispatcher({ ...config(), id: 'dispatcher-second' });
  await second.url();
  await waitFor(async () => (await second!.health()).term > 0, {
    description: 'the second dispatcher to see the lease',
  });
});

afterAll(async () => {
  await Promise.all([stopDispatcher(first), stopDispatcher(second)]);
  await Promise.all(nodes.map((node) => node.stop()));
  await deleteE2eIndices(es, indices);
  await es.close();
});

it('only the leader claims; after a SIGKILL the standby leads within twice the lease; no task runs twice', async () => {
  expect((await first!.health()).leader).toBe(true);
  expect((await second!.health()).leader).toBe(false);

  const ids = Array.from({ length: TASKS }, (_, i) => `failover-${i}`);
  // Tasks flow while the leader dies: scheduling goes on across the takeover.
  const scheduling = scheduleTasks(nodes, ids, () => ({ params: { ms: 200 } }), 4);
  await waitFor(async () => (await metricValue(first!, CLAIMS)) >= 50, {
    timeoutMs: 30_000,
    description: 'the leader to claim 50 tasks',
  });
  const claimsBefore = {
    first: await metricValue(first!, CLAIMS),
    second: await metricValue(second!, CLAIMS),
  };
  expect(claimsBefore.second).toBe(0);
  const termBefore = (await first!.health()).term;

  const killedAt = Date.now();
  await killDispatcher(first);
  const tookOver = await waitFor(
    async () => {
      const health = await second!.health();
      return health.leader ? health : undefined;
    },
    { timeoutMs: 4 * LEASE_MS, intervalMs: 20, description: 'the standby to take the lease' }
  );
  const takeoverMs = Date.now() - killedAt;
  await scheduling;
  await waitForCompleted(es, indices, ids, 60_000);
  const claimsAfter = await metricValue(second!, CLAIMS);

  const records = await readRecords(es, indices.executions);
  const starts = startsPerTask(records);
  const perAttempt = countBy(
    records.filter((r) => r.event === 'start'),
    (r) => `attempt ${r.attempts}`
  );
  console.log(
    `[e2e 3] lease ${LEASE_MS} ms: leader claimed ${claimsBefore.first} and standby ${claimsBefore.second} ` +
      `before the kill; standby took over ${takeoverMs} ms after the SIGKILL (term ${termBefore} → ` +
      `${tookOver.term}) and claimed ${claimsAfter}; ${TASKS} tasks, runs by attempt ${JSON.stringify(perAttempt)}`
  );

  expect(takeoverMs).toBeLessThan(2 * LEASE_MS);
  expect(tookOver.term).toBeGreaterThan(termBefore);
  expect(claimsAfter).toBeGreaterThan(0);
  const twice = notStartedOnce(starts);
  expect(twice).toEqual([]);
  expect(starts.size).toBe(TASKS);
});
