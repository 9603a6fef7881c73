// Smoke run of two chaos scenarios at small counts (the full suite is `npm run chaos`): a host
// killed mid-run, and Elasticsearch (an own one) stopped 15 s. Nothing lost, run twice beyond
// the kill's re-runs, run concurrently or left stuck.
import { Client } from '@elastic/elasticsearch';
import { getEsUrl } from '../../../test_helpers/elasticsearch';
import type { ChaosContext, ScenarioResult } from '../chaos_run';
import { ownElasticsearchOnce } from '../own_elasticsearch';
import { formatTable } from '../report_table';
import { esStop, hostKill } from '../scenarios';

const esUrl = getEsUrl();
const es = new Client({ node: esUrl });
const own = ownElasticsearchOnce(() => undefined);
const ctx: ChaosContext = { esUrl, es, ownElasticsearch: own.get, log: () => undefined };
const results: ScenarioResult[] = [];

afterAll(async () => {
  console.log(formatTable(results));
  await es.close();
  await own.close();
}, 60_000);

const clean = (result: Omit<ScenarioResult, 'scenario' | 'durationMs'>) => ({
  lost: result.lost,
  ranTwice: result.ranTwice,
  concurrent: result.concurrent,
  stuck: result.stuck,
  recovered: result.recoverMs !== null,
});
const expected = { lost: 0, ranTwice: 0, concurrent: 0, stuck: 0, recovered: true };

it("host kill: every task completes once; the killed host's runs re-run, none at once", async () => {
  const started = Date.now();
  const result = await hostKill(ctx, { tasks: 20 });
  results.push({ scenario: 'host-kill', ...result, durationMs: Date.now() - started });
  expect(result.scheduled).toBe(20);
  expect(result.reRunAfterKill).toBeGreaterThan(0);
  expect({ ...clean(result), notes: result.notes }).toEqual({ ...expected, notes: [] });
}, 90_000);

it.concurrent(
  'Elasticsearch stopped 15 s: every task completes once, none stuck',
  async () => {
    const started = Date.now();
    const result = await esStop(ctx, { outageMs: 15_000, tasks: 6 });
    results.push({ scenario: 'es-stop-15s', ...result, durationMs: Date.now() - started });
    expect(result.scheduled).toBe(18);
    expect({ ...clean(result), notes: result.notes }).toEqual({ ...expected, notes: [] });
  },
  240_000
);
