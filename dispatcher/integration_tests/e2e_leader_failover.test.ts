// Acceptance 3 (issue 6): two dispatcher processes; only the leader claims; SIGKILL the leader
// while tasks flow and the other takes over within twice the lease; no task runs twice.
import type { DispatcherProcess } from '../../scripts/system/dispatcher_process';
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import {
  countBy,
  notStartedOnce,
  readRecords,
  scheduleTasks,
  startsPerTask,
  waitForCompleted,
} from '../../scripts/system/e2e_workload';
import { metricValue } from './helpers/dispatcher_metrics';
import {
  startTestDispatcher,
  startTestSystem,
  type TestHost,
  type TestSystem,
  type TestSystemIndices,
} from '../../test_helpers/system';
import { DEFAULT_LEASE } from '../src/config';

// The product's lease timings: failover at the defaults is what operators get.
const LEASE_MS = DEFAULT_LEASE.duration_ms;
/** The longest takeover an operator should see at the defaults, in ms. */
const TAKEOVER_WITHIN_MS = 5000;
const TASKS = 300;
const CLAIMS = 'background_tasks_dispatcher_claims_total';

const es = createTestEsClient();
let system: TestSystem | undefined;
let indices: TestSystemIndices;
let nodes: TestHost[] = [];
let first: DispatcherProcess | undefined;
let second: DispatcherProcess | undefined;

beforeAll(async () => {
  const lease = DEFAULT_LEASE;
  // A short timeout: a task the killed leader claimed but never pushed comes back soon.
  system = await startTestSystem(es, 'e2e-failover', {
    hosts: { timeout: '5s' },
    dispatcher: { lease },
    dispatcherId: 'dispatcher-first',
  });
  ({ indices, nodes, dispatcher: first } = system);
  second = startTestDispatcher(system, { id: 'dispatcher-second', settings: { lease } });
  await second.url();
  await waitFor(async () => (await second!.health()).term > 0, {
    description: 'the second dispatcher to see the lease',
  });
});

afterAll(async () => {
  await Promise.all([system?.dispatcher.stop(), second?.stop()]);
  await system?.stop();
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
  first!.kill('SIGKILL');
  await first!.waitForExit();
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
  expect(takeoverMs).toBeLessThanOrEqual(TAKEOVER_WITHIN_MS);
  expect(tookOver.term).toBeGreaterThan(termBefore);
  expect(claimsAfter).toBeGreaterThan(0);
  const twice = notStartedOnce(starts);
  expect(twice).toEqual([]);
  expect(starts.size).toBe(TASKS);
});
