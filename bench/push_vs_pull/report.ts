// Summarises the rounds: per-mode statistics, push/pull ratios, a printed table and the JSON file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { percentile } from '../../scripts/system/e2e_workload';
import type { LatencyResult, ThroughputResult } from './measures';
import type { Mode } from './systems';

export interface RoundResult {
  round: number;
  mode: Mode;
  latency: LatencyResult;
  throughput: ThroughputResult;
  /** wall time of the whole round of this mode, start to stop, in ms */
  wall_ms: number;
}

export interface ModeSummary {
  /** over every latency sample of every round */
  latency_median_ms: number;
  latency_p90_ms: number;
  latency_min_ms: number;
  latency_max_ms: number;
  /** median over rounds */
  throughput_tasks_per_s: number;
}

export interface Ratios {
  median_start_latency: number;
  p90_start_latency: number;
  throughput: number;
  /** the same three, from each round's own push and pull */
  per_round: Array<{ round: number; median_start_latency: number; throughput: number }>;
}

export interface BenchReport {
  benchmark: 'push_vs_pull';
  date: string;
  machine: { cpus: number; cpu_model: string; memory_gb: number; node: string; note: string };
  settings: Record<string, unknown>;
  rounds: RoundResult[];
  summary: Record<Mode, ModeSummary>;
  ratios_push_over_pull: Ratios;
}

const median = (values: number[]) => percentile(values, 50);

function summarise(rounds: RoundResult[], mode: Mode): ModeSummary {
  const mine = rounds.filter((r) => r.mode === mode);
  const samples = mine.flatMap((r) => r.latency.samples);
  return {
    latency_median_ms: median(samples),
    latency_p90_ms: percentile(samples, 90),
    latency_min_ms: Math.min(...samples),
    latency_max_ms: Math.max(...samples),
    throughput_tasks_per_s: median(mine.map((r) => r.throughput.tasks_per_s)),
  };
}

export function buildReport(
  rounds: RoundResult[],
  settings: Record<string, unknown>,
  note: string
): BenchReport {
  const summary = { pull: summarise(rounds, 'pull'), push: summarise(rounds, 'push') };
  const roundNumbers = [...new Set(rounds.map((r) => r.round))];
  const perRound = roundNumbers.flatMap((round) => {
    const pull = rounds.find((r) => r.round === round && r.mode === 'pull');
    const push = rounds.find((r) => r.round === round && r.mode === 'push');
    if (!pull || !push) return [];
    return [
      {
        round,
        median_start_latency: median(push.latency.samples) / median(pull.latency.samples),
        throughput: push.throughput.tasks_per_s / pull.throughput.tasks_per_s,
      },
    ];
  });
  return {
    benchmark: 'push_vs_pull',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      memory_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      note,
    },
    settings,
    rounds,
    summary,
    ratios_push_over_pull: {
      median_start_latency: summary.push.latency_median_ms / summary.pull.latency_median_ms,
      p90_start_latency: summary.push.latency_p90_ms / summary.pull.latency_p90_ms,
      throughput: summary.push.throughput_tasks_per_s / summary.pull.throughput_tasks_per_s,
      per_round: perRound,
    },
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const ratio = (value: number) => (value >= 10 ? value.toFixed(0) : value.toPrecision(2));
const range = (values: number[]) =>
  values.length ? `rounds: ${values.map(ratio).join(', ')}` : 'no complete round';

export function formatReport(report: BenchReport): string {
  const rows = report.rounds.map((r) => [
    String(r.round),
    r.mode,
    String(median(r.latency.samples)),
    String(percentile(r.latency.samples, 90)),
    r.throughput.tasks_per_s.toFixed(1),
    String(r.throughput.makespan_ms),
    JSON.stringify(r.throughput.runs_per_node),
  ]);
  for (const mode of ['pull', 'push'] as const) {
    const s = report.summary[mode];
    rows.push([
      'all',
      mode,
      String(s.latency_median_ms),
      String(s.latency_p90_ms),
      s.throughput_tasks_per_s.toFixed(1),
      '',
      '',
    ]);
  }
  const r = report.ratios_push_over_pull;
  const perRound = r.per_round;
  return [
    table(
      ['round', 'mode', 'start median ms', 'start p90 ms', 'tasks/s', 'burst ms', 'runs per node'],
      rows
    ),
    '',
    'push / pull (all rounds pooled; "all" rows above):',
    `  push median start latency = ${ratio(r.median_start_latency)} × pull` +
      `   (${range(perRound.map((p) => p.median_start_latency))})`,
    `  push p90 start latency    = ${ratio(r.p90_start_latency)} × pull`,
    `  push throughput           = ${ratio(r.throughput)} × pull` +
      `   (${range(perRound.map((p) => p.throughput))})`,
  ].join('\n');
}

/** Writes the report as `target/bench/push_vs_pull-<date>.json` and `push_vs_pull-latest.json`. */
export function writeReport(report: BenchReport, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `push_vs_pull-${report.date.replace(/[:.]/g, '-')}.json`);
  const text = JSON.stringify(report, null, 2) + '\n';
  writeFileSync(file, text);
  writeFileSync(join(dir, 'push_vs_pull-latest.json'), text);
  return file;
}
