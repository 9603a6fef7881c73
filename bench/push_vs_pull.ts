// `npm run bench`: push (2 hosts + dispatcher) against pull (Kibana's claiming on 2 hosts), alternating modes over rounds.
import { Client } from '@elastic/elasticsearch';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { onShutdown, useElasticsearch } from '../scripts/es/use_elasticsearch';
import {
  JITTER_SPAN_MS,
  measureLatency,
  measureThroughput,
  PULL_SETTLE_MS,
  warmUp,
} from './push_vs_pull/measures';
import { buildReport, formatReport, writeReport, type RoundResult } from './push_vs_pull/report';
import { NODE_COUNT, startBenchSystem, type BenchSystem, type Mode } from './push_vs_pull/systems';

const USAGE = `Usage: npm run bench -- [--rounds 3] [--latency-tasks 10] [--throughput-tasks 200] [--task-ms 100] [--note TEXT]

Measures push against pull on ELASTICSEARCH_HOSTS (or an Elasticsearch it provisions):
start latency of tasks scheduled to run now in an idle system, and throughput of a burst of
short one-shot tasks. Prints a table and push/pull ratios; writes JSON to target/bench/.`;

function positiveInt(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new Error(`--${name} must be a positive integer, got "${value}"`);
  }
  return parsed;
}

function readFlags() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      'latency-tasks': { type: 'string', default: '10' },
      'throughput-tasks': { type: 'string', default: '200' },
      'task-ms': { type: 'string', default: '100' },
      note: { type: 'string', default: 'shared machine' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    rounds: positiveInt('rounds', values.rounds),
    latencyTasks: positiveInt('latency-tasks', values['latency-tasks']),
    throughputTasks: positiveInt('throughput-tasks', values['throughput-tasks']),
    taskMs: Number.isFinite(Number(values['task-ms'])) ? Number(values['task-ms']) : 100,
    note: values.note,
  };
}

/** Odd rounds run pull first, even rounds push first, so drift on the machine hits both. */
function modesOf(round: number): Mode[] {
  return round % 2 === 1 ? ['pull', 'push'] : ['push', 'pull'];
}

async function main() {
  const flags = readFlags();
  const elasticsearch = await useElasticsearch();
  const es = new Client({ node: elasticsearch.url });
  let current: BenchSystem | undefined;
  const stopAll = async () => {
    await current?.stop().catch((e: unknown) => console.error(`Stopping failed: ${String(e)}`));
    await es.close();
    await elasticsearch.stop();
  };
  onShutdown(stopAll);

  const rounds: RoundResult[] = [];
  const benchStarted = Date.now();
  try {
    for (let round = 1; round <= flags.rounds; round++) {
      for (const mode of modesOf(round)) {
        const wallStarted = Date.now();
        console.log(`round ${round}/${flags.rounds} ${mode}: starting ${NODE_COUNT} hosts…`);
        current = await startBenchSystem(mode, es, elasticsearch.url, `bench-${mode}-r${round}`);
        await warmUp(es, current);
        if (mode === 'pull')
          await sleep(Math.max(0, current.readyAt + PULL_SETTLE_MS - Date.now()));
        const latency = await measureLatency(es, current, flags.latencyTasks, round);
        const throughput = await measureThroughput(
          es,
          current,
          flags.throughputTasks,
          flags.taskMs,
          round
        );
        await current.stop();
        current = undefined;
        const result = { round, mode, latency, throughput, wall_ms: Date.now() - wallStarted };
        rounds.push(result);
        const sorted = [...latency.samples].sort((a, b) => a - b);
        console.log(
          `  start latency median ${sorted[Math.floor(sorted.length / 2)]} ms; ` +
            `${throughput.tasks} tasks in ${throughput.makespan_ms} ms = ` +
            `${throughput.tasks_per_s.toFixed(1)} tasks/s; round took ${(result.wall_ms / 1000).toFixed(0)} s`
        );
      }
    }
  } finally {
    await stopAll();
  }

  const report = buildReport(
    rounds,
    {
      rounds: flags.rounds,
      latency_tasks: flags.latencyTasks,
      throughput_tasks: flags.throughputTasks,
      task_ms: flags.taskMs,
      nodes: NODE_COUNT,
      latency_jitter_span_ms: JITTER_SPAN_MS,
      pull_settle_ms: PULL_SETTLE_MS,
      total_s: Math.round((Date.now() - benchStarted) / 1000),
    },
    flags.note
  );
  console.log('\n' + formatReport(report));
  const file = writeReport(report, join(__dirname, '..', 'target', 'bench'));
  console.log(`\nRaw numbers: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
