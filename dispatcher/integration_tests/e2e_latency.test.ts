// Acceptance 2 (issue 6): a task scheduled to run now starts within about 100 ms at the median,
// over 200 tasks in an otherwise idle system (one task at a time, each run before the next).
// Measured from just before the schedule request to the run's own start record (same machine,
// same clock). Asserted loosely — median < 250 ms — because this is a shared 2-core machine
// with an Elasticsearch other suites use; the real figure belongs to the benchmark issue.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import {
  percentile,
  readRecords,
  scheduleTask,
  startsPerTask,
} from '../../scripts/system/e2e_workload';
import { startTestSystem, type TestSystem } from '../../test_helpers/system';

const TASKS = 200;
const MEDIAN_BOUND_MS = 250;
/** well under the test's 5 s poll, well over this machine's pauses */
const NO_POLL_BOUND_MS = 2000;

const es = createTestEsClient();
let system: TestSystem;

beforeAll(async () => {
  // The poll is a slow safety net here (5 s): a start within tens of ms comes from the notify.
  system = await startTestSystem(es, 'e2e-latency', {
    dispatcher: { poll: { interval_ms: 5000 } },
  });
});

afterAll(async () => {
  await system?.stop();
  await es.close();
});

it(`starts a task scheduled to run now within ~100 ms at the median over ${TASKS} tasks`, async () => {
  const { indices, nodes } = system;
  const sentAt = new Map<string, number>();
  for (let i = 0; i < TASKS; i++) {
    const id = `now-${i}`;
    sentAt.set(id, Date.now());
    await scheduleTask(nodes[i % nodes.length], id, { params: { ms: 0 } });
    // Idle between tasks: the next is scheduled once this one is done (its task document removed).
    await waitFor(
      async () => !(await es.exists({ index: indices.tasks, id: `task:${id}`, realtime: true })),
      { timeoutMs: 10_000, intervalMs: 10, description: `task ${id} to finish` }
    );
  }

  const starts = startsPerTask(await readRecords(es, indices.executions));
  expect(starts.size).toBe(TASKS);
  const latencies = [...sentAt].map(([id, at]) => starts.get(id)![0].at - at);
  const median = percentile(latencies, 50);
  const p90 = percentile(latencies, 90);
  console.log(
    `[e2e 2] schedule→start over ${TASKS} tasks, one at a time: median ${median} ms, ` +
      `p90 ${p90} ms, min ${Math.min(...latencies)} ms, max ${Math.max(...latencies)} ms ` +
      `(target 100 ms median; asserted < ${MEDIAN_BOUND_MS} ms on this shared 2-core machine)`
  );
  expect(median).toBeLessThan(MEDIAN_BOUND_MS);
  // No task may wait for the 5 s safety-net poll: every one is started from its notify.
  expect(Math.max(...latencies)).toBeLessThan(NO_POLL_BOUND_MS);
});
