// Elasticsearch requests a pushed run costs on the node (docs/writes_per_run.md): counted by a
// proxy between the one host and Elasticsearch, for runs one at a time and runs all at once.
import { createTestEsClient } from '../test_helpers/elasticsearch';
import { EsRequestCounter, type EsRequestRecord } from '../test_helpers/es_request_counter';
import { startTestSystem, type TestSystem } from '../test_helpers/system';
import { waitFor } from '../test_helpers/wait_for';
import { scheduleTask, waitForCompleted } from '../scripts/system/e2e_workload';

jest.setTimeout(120_000);

const ALONE = 5;
/** the node's capacity (20 cost units, 10 normal tasks): none is refused and pushed again */
const TOGETHER = 10;
/** far enough ahead that scheduling is over (and not counted) before the run starts, in ms */
const RUN_DELAY_MS = 1500;

const es = createTestEsClient();
const counter = new EsRequestCounter(process.env.ELASTICSEARCH_HOSTS ?? 'http://127.0.0.1:9200');
let system: TestSystem;

beforeAll(async () => {
  const proxyUrl = await counter.start();
  system = await startTestSystem(es, 'es-per-run', {
    hosts: {
      count: 1,
      // The cancellation watcher reads once a tick for all of a node's runs, not once a run: kept
      // out of this count (docs/writes_per_run.md counts it apart).
      config: {
        'xpack.background_tasks.cancellation_check_interval_ms': 60_000,
        'xpack.background_tasks.stale_threshold_ms': 120_000,
      },
    },
    hostEsUrl: () => proxyUrl,
  });
});

afterAll(async () => {
  await system?.stop();
  await counter.stop();
  await es.close();
});

/** The node's requests for the task and tracking documents, per run. */
function perRun(records: EsRequestRecord[], runs: number) {
  const { tasks, tracking } = system.indices;
  const isOurs = (index?: string) => index === tasks || index === tracking;
  // A request is ours when it, or any of its items (bulk, mget), names our task or tracking index.
  const ours = (r: EsRequestRecord) => isOurs(r.index) || (r.targets ?? []).some(isOurs);
  const count = (kinds: Array<EsRequestRecord['kind']>) =>
    records.filter((r) => kinds.includes(r.kind) && ours(r)).length / runs;
  return {
    /** get and mget requests (an mget of the task and its tracking document is one) */
    reads: count(['get', 'mget']),
    documentsRead:
      records
        .filter((r) => r.kind === 'get' || r.kind === 'mget')
        .flatMap((r) => (r.kind === 'get' ? [r.index] : (r.targets ?? [])))
        .filter(isOurs).length / runs,
    singleWrites: count(['write']),
    bulkItems: count(['bulk_item']),
    bulkRequests: count(['bulk']),
  };
}

async function runAndCount(ids: string[]) {
  const runAt = new Date(Date.now() + RUN_DELAY_MS).toISOString();
  await Promise.all(
    ids.map((id) => scheduleTask(system.nodes[0], id, { params: { ms: 0 }, runAt }))
  );
  counter.reset();
  await waitForCompleted(es, system.indices, ids, 30_000);
  // The task document goes last (the finish removes it after the tracking document completed).
  await waitFor(
    async () => {
      const { docs } = await es.mget({
        index: system.indices.tasks,
        ids: ids.map((id) => `task:${id}`),
      });
      return docs.every((doc) => !('found' in doc) || !doc.found);
    },
    { timeoutMs: 10_000, description: 'the finished tasks to be removed' }
  );
  return [...counter.records];
}

it('a pushed no-op run reads at most once and writes only in bulk', async () => {
  const records: EsRequestRecord[] = [];
  for (let i = 0; i < ALONE; i++) records.push(...(await runAndCount([`alone-${i}`])));
  const alone = perRun(records, ALONE);
  console.log(`[es per run] ${ALONE} runs one at a time, per run: ${JSON.stringify(alone)}`);
  expect(alone.reads).toBeLessThanOrEqual(1);
  expect(alone.singleWrites).toBe(0);
  // the tracking start and outcome in one write (a run shorter than the start's delay), the
  // task's finish; nothing before the run (its finish is fenced by the pushed claim)
  expect(alone.bulkItems).toBe(2);
});

it('runs pushed and finishing together share their read and bulk requests', async () => {
  const ids = Array.from({ length: TOGETHER }, (_, i) => `together-${i}`);
  const together = perRun(await runAndCount(ids), TOGETHER);
  console.log(`[es per run] ${TOGETHER} runs at once, per run: ${JSON.stringify(together)}`);
  // the verify reads of pushes arriving together share an _mget (0.4 measured)
  expect(together.reads).toBeLessThan(1);
  expect(together.documentsRead).toBe(2);
  expect(together.singleWrites).toBe(0);
  expect(together.bulkItems).toBe(2);
  expect(together.bulkRequests).toBeLessThan(2);
});

it('scheduling a new id reads nothing: its tracking and task documents are created in bulk', async () => {
  // not due for an hour: only the schedule's own requests are counted
  const runAt = new Date(Date.now() + 3_600_000).toISOString();
  counter.reset();
  await scheduleTask(system.nodes[0], 'new-id', { params: { ms: 0 }, runAt });
  const schedule = perRun([...counter.records], 1);
  console.log(`[es per schedule] a new id: ${JSON.stringify(schedule)}`);
  expect(schedule.reads).toBe(0);
  expect(schedule.singleWrites).toBe(0);
  // the tracking document, then the Task Manager task
  expect(schedule.bulkItems).toBe(2);
  expect(schedule.bulkRequests).toBe(2);
});
