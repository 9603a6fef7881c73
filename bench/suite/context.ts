// What every scenario shares: the Elasticsearch, the one running system, the size of the run,
// earlier scenarios' results, and where reports go.
import type { Client } from '@elastic/elasticsearch';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { startBenchSystem, type BenchSystem, type Mode } from './systems';

/** One goal of the "Done when", as measured. */
export interface Goal {
  goal: string;
  /** the measured value, with its unit */
  measured: string;
  pass: boolean;
  /** why it was not measured, when it was not */
  missing?: string;
  /** the measurement that shows what limits it, printed when missed */
  limit?: string;
}

export interface ScenarioResult {
  /** printed in the summary: one line per figure */
  lines: string[];
  goals: Goal[];
  /** the raw numbers, written to target/bench/<scenario>-latest.json */
  data: Record<string, unknown>;
}

export interface Machine {
  cpus: number;
  cpu_model: string;
  memory_gb: number;
  node: string;
  elasticsearch: string;
  load_average_at_start: number[];
  note: string;
}

export class BenchContext {
  /** results of the scenarios run so far, by name (later scenarios read earlier ones) */
  readonly results = new Map<string, ScenarioResult>();
  /** the unmeasured warm-up bursts before the first scenario (see warm_up.ts) */
  warmUp: string[] = [];
  private current: BenchSystem | undefined;

  constructor(
    readonly es: Client,
    readonly esUrl: string,
    readonly quick: boolean,
    readonly machine: Machine,
    readonly outDir: string,
    /** the backlog scenario's sizes, when given on the command line */
    readonly backlogSizes?: number[]
  ) {}

  /**
   * The running system of `mode` with `hosts` hosts: the one already running when it matches,
   * otherwise the running one is stopped (one system at a time: they would compete) and a new
   * one started.
   */
  async system(mode: Mode, hosts = 2): Promise<BenchSystem> {
    if (this.current?.mode === mode && this.current.hosts === hosts) return this.current;
    await this.stopSystem();
    const started = Date.now();
    this.current = await startBenchSystem(this.es, this.esUrl, mode, hosts, this.quick);
    log(
      `  started ${mode} with ${hosts} host(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`
    );
    return this.current;
  }

  async stopSystem(): Promise<void> {
    const system = this.current;
    this.current = undefined;
    await system?.stop();
  }

  /** Writes a scenario's report as `<name>-latest.json`; returns the file. */
  write(name: string, result: ScenarioResult): string {
    mkdirSync(this.outDir, { recursive: true });
    const file = join(this.outDir, `${name}-latest.json`);
    const report = {
      scenario: name,
      date: new Date().toISOString(),
      quick: this.quick,
      machine: this.machine,
      warm_up: this.warmUp,
      lines: result.lines,
      goals: result.goals,
      ...result.data,
    };
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    return file;
  }
}

export async function describeMachine(es: Client, note: string): Promise<Machine> {
  // `_nodes`, not `GET /`: the shared Elasticsearch refuses GET on its root
  const info = await es.nodes.info({ filter_path: 'nodes.*.version' });
  const version = Object.values(info.nodes)[0]?.version ?? 'unknown';
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    elasticsearch: version,
    load_average_at_start: loadavg().map((l) => Math.round(l * 100) / 100),
    note,
  };
}

export function log(line: string): void {
  console.log(line);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Where the CPU went during a window: the machine's busy share and each process's cores. */
export function cpuLimit(usage: {
  machine_busy: number;
  cpu_cores: Record<string, number>;
}): string {
  const cores = Object.entries(usage.cpu_cores)
    .sort(([, a], [, b]) => b - a)
    .map(([name, c]) => `${name} ${fmt(c)}`)
    .join(', ');
  return `machine ${fmt(usage.machine_busy * 100)}% busy; cores: ${cores}`;
}

/** A number for a report line: 3 significant digits, integers above 100. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
