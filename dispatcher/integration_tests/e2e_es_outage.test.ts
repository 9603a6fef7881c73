// Acceptance 5 (issue 6): Elasticsearch stopped for 20 s and started again (same node, port and
// data): the dispatcher keeps running, logs the outage and resumes; every task scheduled before
// the outage completes. This suite runs its own Elasticsearch, so other suites are undisturbed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { startElasticsearch, type RunningElasticsearch } from '../../scripts/es/elasticsearch';
import type { DispatcherProcess } from '../../scripts/system/dispatcher_process';
import { waitFor } from '../../test_helpers/wait_for';
import { TcpProxy } from './helpers/tcp_proxy';
import {
  countBy,
  readRecords,
  scheduleTasks,
  waitForCompleted,
} from '../../scripts/system/e2e_workload';
import {
  startTestSystem,
  type TestHost,
  type TestSystem,
  type TestSystemIndices,
} from '../../test_helpers/system';

const OUTAGE_MS = 20_000;
const LONG_RUN_MS = 4000;

let workDir: string;
let port: number;
let elasticsearch: RunningElasticsearch | undefined;
let es: Client;
let indices: TestSystemIndices;
let system: TestSystem | undefined;
let nodes: TestHost[] = [];
let output: string[][] = [];
let dispatcher: DispatcherProcess | undefined;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'e2e-es-outage-'));
  port = await TcpProxy.freePort();
  elasticsearch = await startElasticsearch({ port, workDir });
  es = new Client({ node: elasticsearch.url });
  system = await startTestSystem(es, 'e2e-outage', {
    esUrl: elasticsearch.url,
    hosts: { timeout: '10s' },
  });
  ({ indices, nodes, output, dispatcher } = system);
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await es?.close();
  await elasticsearch?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, 60_000);

const messages = (from: number) =>
  dispatcher!.logs.slice(from).map((line) => `${line['log.level']}: ${line.message}`);

it('keeps the dispatcher up through a 20 s outage, logs it, resumes, and completes every task', async () => {
  const quick = Array.from({ length: 20 }, (_, i) => `quick-${i}`);
  const long = Array.from({ length: 10 }, (_, i) => `long-${i}`);
  const later = Array.from({ length: 20 }, (_, i) => `later-${i}`);
  // Recurring, so their claims lapse at claim + max(interval, timeout) = 10 s, during the
  // outage: their runs end then, and their outcomes wait for Elasticsearch past retryAt.
  const recurring = Array.from({ length: 6 }, (_, i) => `recurring-${i}`);
  await scheduleTasks(nodes, quick, () => ({ params: { ms: 100 } }));
  await scheduleTasks(nodes, long, () => ({ params: { ms: LONG_RUN_MS } }));
  await scheduleTasks(nodes, recurring, () => ({
    params: { ms: LONG_RUN_MS, recordEnd: false },
    schedule: { interval: '5s' },
  }));
  // Due in the middle of the outage.
  const runAt = new Date(Date.now() + 6000).toISOString();
  await scheduleTasks(nodes, later, () => ({ params: { ms: 100 }, runAt }));
  // The long ones are running when Elasticsearch goes.
  await waitFor(
    async () => {
      const records = await readRecords(es, indices.executions);
      return [...long, ...recurring].every((id) =>
        records.some((r) => r.task_id === id && r.event === 'start')
      );
    },
    { timeoutMs: 20_000, description: 'the long tasks to start' }
  );

  const logsBefore = dispatcher!.logs.length;
  const stoppingAt = Date.now();
  await elasticsearch!.stop(); // SIGTERM, and waits for the process to exit
  const stoppedAt = Date.now();
  await waitFor(
    () => messages(logsBefore).some((m) => /^(warn|error): /.test(m) && /fail/i.test(m)),
    { timeoutMs: 10_000, description: 'the dispatcher to log the outage' }
  );
  // The outage lasts 20 s; the dispatcher must stay up all along.
  await waitFor(() => dispatcher!.exitCode === undefined && Date.now() - stoppedAt >= OUTAGE_MS, {
    timeoutMs: OUTAGE_MS + 5000,
    intervalMs: 250,
    description: 'the outage to last 20 s with the dispatcher up',
  });
  expect(dispatcher!.exitCode).toBeUndefined();
  expect(nodes.length).toBe(2);

  elasticsearch = await startElasticsearch({ port, workDir });
  const restartedAt = Date.now();
  const all = [...quick, ...long, ...later];
  const completedMs = await waitForCompleted(es, indices, all, 60_000).catch((error: Error) => {
    const tail = (lines: string[]) => [...new Set(lines)].slice(-15).join('\n    ');
    throw new Error(
      `${error.message}\n  dispatcher:\n    ${tail(messages(logsBefore))}\n` +
        output.map((lines, i) => `  node-${i}:\n    ${tail(lines)}`).join('\n')
    );
  });
  await waitFor(async () => (await dispatcher!.health()).leader, {
    description: 'the dispatcher to lead again',
  });
  expect(dispatcher!.exitCode).toBeUndefined();

  const duringOutage = messages(logsBefore);
  const records = await readRecords(es, indices.executions);
  const starts = records.filter((r) => r.event === 'start');
  console.log(
    `[e2e 5] Elasticsearch SIGTERMed (stop took ${stoppedAt - stoppingAt} ms), down ${restartedAt - stoppedAt} ms ` +
      `incl. restart (start ${elasticsearch.startMs} ms); all ${all.length} tasks completed ${completedMs} ms ` +
      `after the restart; runs by attempt ${JSON.stringify(countBy(starts, (r) => `attempt ${r.attempts}`))}; ` +
      `dispatcher logged ${duringOutage.length} lines since the outage, e.g.:\n  ` +
      [...new Set(duringOutage)].slice(0, 12).join('\n  ')
  );
  expect(
    duringOutage.some((m) => /resumed|Leading: dispatching|Leader lease (acquired|taken)/.test(m))
  ).toBe(true);
  for (const id of all) expect(starts.some((r) => r.task_id === id)).toBe(true);

  // Each recurring run that ended during the outage kept its outcome past its claim's retryAt:
  // its node vouched for it, so it was never re-run as a second attempt of the same occurrence.
  await waitFor(
    async () => {
      const runs = (await readRecords(es, indices.executions)).filter(
        (r) => r.event === 'start' && recurring.includes(r.task_id)
      );
      return recurring.every((id) => runs.filter((r) => r.task_id === id).length >= 2);
    },
    { timeoutMs: 30_000, description: 'every recurring task to run again after the outage' }
  );
  const recurringStarts = (await readRecords(es, indices.executions)).filter(
    (r) => r.event === 'start' && recurring.includes(r.task_id)
  );
  expect(recurringStarts.filter((r) => r.attempts > 1)).toEqual([]);
}, 240_000);
