// `npm run chaos`: runs the chaos scenarios one after the other, each on a fresh system, and
// writes target/chaos/report.json plus a table on stdout. Exits 1 if any scenario lost a task,
// ran one twice or concurrently, left one stuck, or failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { REPO_ROOT } from '../../runtime/host/repo_root';
import type { ChaosContext, ScenarioResult } from './chaos_run';
import { ownElasticsearchOnce } from './own_elasticsearch';
import { SCENARIOS } from './scenario_list';
import { formatTable, problemsOf } from './report_table';

const HELP = `npm run chaos -- [--scenario <name>]... [--quick] [--help]

Runs each scenario on a fresh system (two hosts, a dispatcher; own indices) against the
Elasticsearch of ELASTICSEARCH_HOSTS (default http://127.0.0.1:9200); the scenarios that stop
Elasticsearch start one of their own. Writes target/chaos/report.json and prints a table.

  --scenario <name>  run only these (repeatable); default all
  --quick            smaller task counts and shorter faults (not the outages' lengths)
  --help             this text

Scenarios:
${SCENARIOS.map((s) => `  ${s.name.padEnd(16)} ${s.description}`).join('\n')}
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const names = values.scenario ?? SCENARIOS.map((s) => s.name);
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario: ${unknown.join(', ')}\n\n${HELP}`);
    return 2;
  }
  const esUrl = process.env.ELASTICSEARCH_HOSTS?.split(',')[0] ?? 'http://127.0.0.1:9200';
  const log = (line: string) =>
    process.stdout.write(`[chaos ${new Date().toISOString()}] ${line}\n`);
  const own = ownElasticsearchOnce(log);
  const es = new Client({ node: esUrl });
  const ctx: ChaosContext = { esUrl, es, ownElasticsearch: own.get, log };
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of SCENARIOS.filter((s) => names.includes(s.name))) {
      log(`${scenario.name}: ${scenario.description}`);
      const started = Date.now();
      try {
        const result = await scenario.run(ctx, values.quick);
        results.push({ scenario: scenario.name, ...result, durationMs: Date.now() - started });
      } catch (error) {
        results.push(failed(scenario.name, error, Date.now() - started));
      }
      const last = results[results.length - 1];
      log(`${scenario.name}: ${JSON.stringify({ ...last, examples: undefined })}`);
    }
  } finally {
    await es.close();
    await own.close();
  }
  const dir = join(REPO_ROOT, 'target', 'chaos');
  mkdirSync(dir, { recursive: true });
  const report = { at: new Date().toISOString(), quick: values.quick, esUrl, results };
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatTable(results)}\n\nreport: target/chaos/report.json\n`);
  return results.some((r) => problemsOf(r) > 0) ? 1 : 0;
}

function failed(scenario: string, error: unknown, durationMs: number): ScenarioResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    scenario,
    fault: 'scenario failed before accounting',
    scheduled: 0,
    completed: 0,
    lost: 0,
    ranTwice: 0,
    reRunAfterKill: 0,
    concurrent: 0,
    stuck: 0,
    examples: { lost: [], ranTwice: [], concurrent: [], stuck: [] },
    recoverMs: null,
    measures: {},
    notes: [`error: ${message.slice(0, 800)}`],
    durationMs,
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
);
