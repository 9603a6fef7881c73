// `npm run bench`: the benchmark suite (push against Kibana-style pull, and against the
// Elasticsearch underneath); each scenario writes target/bench/<scenario>-latest.json.
import { Client } from '@elastic/elasticsearch';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { onShutdown, useElasticsearch } from '../scripts/es/use_elasticsearch';
import {
  BenchContext,
  describeMachine,
  log,
  type Goal,
  type ScenarioResult,
} from './suite/context';
import { backlogScenario } from './suite/scenarios/backlog';
import { esCeilingScenario } from './suite/scenarios/es_ceiling';
import { hostsScenario } from './suite/scenarios/hosts';
import { latencyScenario } from './suite/scenarios/latency';
import { schedulesPerSecondScenario } from './suite/scenarios/schedules_per_second';
import { throughputScenario } from './suite/scenarios/throughput';
import { warmUpElasticsearch } from './suite/warm_up';

/** In the issue's order; `resources` (7) is measured during `throughput` (1). */
const SCENARIOS = [
  'throughput',
  'es_ceiling',
  'latency',
  'backlog',
  'hosts',
  'schedules',
  'resources',
] as const;
type Scenario = (typeof SCENARIOS)[number];

/**
 * The order they run in: each reuses the system the one before left running where it can
 * (a host start is 5–15 s), throughput ending on push for the backlog, hosts starting on 2
 * push hosts, latency ending on push for the schedules, which run last (they leave tasks behind).
 */
const RUN_ORDER: Scenario[] = [
  'throughput',
  'resources',
  'es_ceiling',
  'backlog',
  'hosts',
  'latency',
  'schedules',
];

const USAGE = `Usage: npm run bench -- [--scenario NAME]... [--quick] [--backlog-sizes 10000,100000] [--note TEXT]

Runs the benchmark suite on ELASTICSEARCH_HOSTS (or an Elasticsearch it provisions). Scenarios,
in run order (default: all):
  throughput   1. no-op tasks/s: push vs pull (Kibana 9 defaults) vs pull-runsoon
  es_ceiling   2. Elasticsearch's single index / fenced update / bulk rates; the system's share
  latency      3. start latency p50/p90/p99 at 25/50/75 % of push's maximum, push and both pulls
  backlog      4. drain of 10,000 and 100,000 seeded due tasks, rate per decile
  hosts        5. push with 1, 2 and 3 hosts, 50 ms tasks
  schedules    6. schedules/s: single route (16 clients) and the bulk route
  resources    7. CPU per process and Elasticsearch operations per task (during throughput)
--quick: smaller counts and no 100,000 backlog (under 3 minutes). Writes
target/bench/<scenario>-latest.json and summary-latest.json; exits 0 when a goal is missed.`;

function readFlags() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      'backlog-sizes': { type: 'string' },
      note: { type: 'string', default: 'shared machine' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const chosen = values.scenario ?? [...SCENARIOS];
  for (const name of chosen) {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${name}"`);
    }
  }
  const sizes = values['backlog-sizes']?.split(',').map(Number);
  if (sizes?.some((n) => !Number.isInteger(n) || n < 10)) {
    throw new Error(
      `--backlog-sizes must be integers of at least 10, got "${values['backlog-sizes']}"`
    );
  }
  return {
    scenarios: new Set(chosen as Scenario[]),
    quick: values.quick,
    sizes,
    note: values.note,
  };
}

async function main() {
  const flags = readFlags();
  const elasticsearch = await useElasticsearch();
  const es = new Client({ node: elasticsearch.url });
  const outDir = join(__dirname, '..', 'target', 'bench');
  const ctx = new BenchContext(
    es,
    elasticsearch.url,
    flags.quick,
    await describeMachine(es, flags.note),
    outDir,
    flags.sizes
  );
  onShutdown(async () => {
    await ctx.stopSystem().catch((e: unknown) => console.error(`Stopping failed: ${String(e)}`));
    await es.close();
    await elasticsearch.stop();
  });

  const started = Date.now();
  const timings: Record<string, number> = {};
  const record = (name: string, result: ScenarioResult, since: number) => {
    ctx.results.set(name, result);
    timings[name] = Math.round((Date.now() - since) / 1000);
    log(`  → ${ctx.write(name, result)} (${timings[name]} s)`);
  };
  try {
    // es_ceiling alone starts no system; every other scenario is measured on a warm JVM
    if ([...flags.scenarios].some((name) => name !== 'es_ceiling')) {
      log('\n== warm-up');
      ctx.warmUp = await warmUpElasticsearch(ctx);
    }
    for (const name of RUN_ORDER) {
      if (!flags.scenarios.has(name) || ctx.results.has(name)) continue;
      log(`\n== ${name}${flags.quick ? ' (quick)' : ''}`);
      const since = Date.now();
      if (name === 'throughput' || name === 'resources') {
        const { throughput, resources } = await throughputScenario(ctx);
        record('throughput', throughput, since);
        record('resources', resources, since);
      } else if (name === 'es_ceiling') record(name, await esCeilingScenario(ctx), since);
      else if (name === 'latency') record(name, await latencyScenario(ctx), since);
      else if (name === 'backlog') record(name, await backlogScenario(ctx), since);
      else if (name === 'hosts') record(name, await hostsScenario(ctx), since);
      else record(name, await schedulesPerSecondScenario(ctx), since);
    }
  } finally {
    await ctx.stopSystem();
  }
  const totalS = Math.round((Date.now() - started) / 1000);
  console.log('\n' + summary(ctx, totalS));
  const file = join(outDir, 'summary-latest.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        quick: flags.quick,
        machine: ctx.machine,
        warm_up: ctx.warmUp,
        total_s: totalS,
        scenario_s: timings,
        goals: goalsOf(ctx),
        lines: Object.fromEntries([...ctx.results].map(([name, r]) => [name, r.lines])),
      },
      null,
      2
    ) + '\n'
  );
  console.log(`\nSummary: ${file}`);
  await es.close();
  await elasticsearch.stop();
}

/** The issue's "Done when" goals, in its order, measured or not. */
const DONE_WHEN = [
  'push no-op throughput ≥ 10 × pull',
  "p99 start latency ≤ 250 ms at 50 % of push's maximum",
  '1 → 2 hosts ≥ 1.7 ×',
  "the 100,000-task drain's last decile ≥ 80 % of its first",
  '≤ 3 Elasticsearch writes per task run, sent in bulk',
  '≥ 1,000 schedules/s in bulk',
];

function goalsOf(ctx: BenchContext): Goal[] {
  const measured = [...ctx.results.values()].flatMap((r) => r.goals);
  const done = DONE_WHEN.map(
    (goal) =>
      measured.find((g) => g.goal === goal) ?? {
        goal,
        measured: 'n/a',
        pass: false,
        missing: 'scenario not run',
      }
  );
  return [...done, ...measured.filter((g) => !DONE_WHEN.includes(g.goal))];
}

function summary(ctx: BenchContext, totalS: number): string {
  const m = ctx.machine;
  const lines = [
    `== summary (${ctx.quick ? 'quick, ' : ''}${totalS} s; ${m.cpus} × ${m.cpu_model}, ${m.memory_gb} GB, ` +
      `Node ${m.node}, Elasticsearch ${m.elasticsearch}, ${m.note})`,
  ];
  if (ctx.warmUp.length > 0) lines.push('warm-up:', ...ctx.warmUp.map((l) => `  ${l}`));
  for (const name of SCENARIOS) {
    const result = ctx.results.get(name);
    if (result) lines.push(`${name}:`, ...result.lines.map((l) => `  ${l}`));
  }
  lines.push('goals:');
  for (const g of goalsOf(ctx)) {
    const verdict = g.pass ? 'PASS' : 'MISS';
    lines.push(`  ${verdict}  ${g.goal}: ${g.measured}${g.missing ? ` (${g.missing})` : ''}`);
    if (!g.pass && g.limit) lines.push(`        limited by: ${g.limit}`);
  }
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
