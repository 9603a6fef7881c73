// Before/after readings for a measured window: Elasticsearch operations on a system's own indices
// (and on the whole node), and the CPU time of each process.
import type { Client } from '@elastic/elasticsearch';
import { readFileSync } from 'node:fs';
import type { BenchSystem } from './systems';

/** Counters of Elasticsearch work, as `_stats` / `_nodes/stats` name them. */
export interface EsOps {
  /** documents indexed or updated (`indexing.index_total`) */
  index: number;
  /** documents deleted (`indexing.delete_total`) */
  delete: number;
  /** realtime and search-time gets, one per document of an mget (`get.total`) */
  get: number;
  /** shard-level queries (`search.query_total`) */
  search: number;
  refresh: number;
  /** shard-level write requests, single-document writes included (`bulk.total_operations`) */
  bulk: number;
}

type StatsSection = {
  indexing?: { index_total?: number; delete_total?: number };
  get?: { total?: number };
  search?: { query_total?: number };
  refresh?: { total?: number };
  bulk?: { total_operations?: number };
};

function opsOf(section: StatsSection | undefined): EsOps {
  return {
    index: section?.indexing?.index_total ?? 0,
    delete: section?.indexing?.delete_total ?? 0,
    get: section?.get?.total ?? 0,
    search: section?.search?.query_total ?? 0,
    refresh: section?.refresh?.total ?? 0,
    bulk: section?.bulk?.total_operations ?? 0,
  };
}

export function diffOps(after: EsOps, before: EsOps): EsOps {
  return {
    index: after.index - before.index,
    delete: after.delete - before.delete,
    get: after.get - before.get,
    search: after.search - before.search,
    refresh: after.refresh - before.refresh,
    bulk: after.bulk - before.bulk,
  };
}

export function addOps(a: EsOps, b: EsOps): EsOps {
  return diffOps(a, diffOps({ index: 0, delete: 0, get: 0, search: 0, refresh: 0, bulk: 0 }, b));
}

/**
 * Primary-shard work on the system's indices: all four, and the task and tracking indices alone
 * (a run's writes; heartbeats and lease renewals go to the other two, by time, not by run).
 */
async function systemOps(es: Client, system: BenchSystem): Promise<{ all: EsOps; runs: EsOps }> {
  const { tasks, tracking, nodes, dispatcher } = system.indices;
  const response = await es.indices.stats({
    index: [tasks, tracking, nodes, dispatcher].join(','),
    metric: ['indexing', 'get', 'search', 'refresh', 'bulk'],
    ignore_unavailable: true,
  } as Parameters<Client['indices']['stats']>[0]);
  const of = (index: string) =>
    opsOf(response.indices?.[index]?.primaries as StatsSection | undefined);
  return {
    all: opsOf(response._all?.primaries as StatsSection | undefined),
    runs: addOps(of(tasks), of(tracking)),
  };
}

/** The whole node (every index, other users of a shared Elasticsearch included), and its CPU. */
async function nodeOps(es: Client): Promise<{ ops: EsOps; cpuMs: number }> {
  const response = await es.nodes.stats({ metric: ['indices', 'process'] });
  const nodes = Object.values(response.nodes);
  let ops: EsOps = { index: 0, delete: 0, get: 0, search: 0, refresh: 0, bulk: 0 };
  let cpuMs = 0;
  for (const node of nodes) {
    ops = addOps(ops, opsOf(node.indices as StatsSection));
    cpuMs += node.process?.cpu?.total_in_millis ?? 0;
  }
  return { ops, cpuMs };
}

const TICKS_PER_S = 100; // USER_HZ on Linux

/** CPU time (user + system) of a process, in ms, from /proc/<pid>/stat; 0 when unreadable. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** Busy and total CPU time of the whole machine, in ms, from /proc/stat. */
function machineCpuMs(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((sum, v) => sum + v, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: ((total - idle) * 1000) / TICKS_PER_S, total: (total * 1000) / TICKS_PER_S };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export interface Reading {
  at: number;
  system: EsOps;
  /** the task and tracking indices only */
  runs: EsOps;
  node: EsOps;
  esCpuMs: number;
  cpuMs: Record<string, number>;
  machine: { busy: number; total: number };
}

function processes(system: BenchSystem): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const [i, node] of system.nodes.entries()) pids[`host-${i}`] = node.pid;
  if (system.dispatcher) pids.dispatcher = system.dispatcher.pid;
  return pids;
}

export async function read(es: Client, system: BenchSystem): Promise<Reading> {
  const [own, node] = await Promise.all([systemOps(es, system), nodeOps(es)]);
  const cpuMs: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes(system))) cpuMs[name] = processCpuMs(pid);
  const usage = process.cpuUsage();
  cpuMs.bench = (usage.user + usage.system) / 1000;
  return {
    at: Date.now(),
    system: own.all,
    runs: own.runs,
    node: node.ops,
    esCpuMs: node.cpuMs,
    cpuMs,
    machine: machineCpuMs(),
  };
}

export interface Usage {
  window_ms: number;
  /** Elasticsearch work on the system's own indices during the window */
  system_ops: EsOps;
  /** the same on the task and tracking indices only: what task runs write and read */
  run_ops: EsOps;
  /** the same on the whole node (other users of a shared Elasticsearch included) */
  node_ops: EsOps;
  /** share of one core each process used during the window (1 = one core busy) */
  cpu_cores: Record<string, number>;
  /** share of the whole machine busy during the window (0–1) */
  machine_busy: number;
}

export function usageBetween(before: Reading, after: Reading): Usage {
  const window = after.at - before.at;
  const cores: Record<string, number> = {};
  for (const name of Object.keys(after.cpuMs)) {
    cores[name] = (after.cpuMs[name] - (before.cpuMs[name] ?? 0)) / window;
  }
  cores.elasticsearch = (after.esCpuMs - before.esCpuMs) / window;
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  return {
    window_ms: window,
    system_ops: diffOps(after.system, before.system),
    run_ops: diffOps(after.runs, before.runs),
    node_ops: diffOps(after.node, before.node),
    cpu_cores: cores,
    machine_busy: total > 0 ? busy / total : 0,
  };
}

/** Elasticsearch operations per task run, from the task and tracking indices (`run_ops`). */
export function perTask(ops: EsOps, tasks: number) {
  const writes = ops.index + ops.delete;
  return {
    writes: writes / tasks,
    gets: ops.get / tasks,
    searches: ops.search / tasks,
    write_requests: ops.bulk / tasks,
    /** documents per shard-level write request: 1 when every write goes alone */
    docs_per_write_request: ops.bulk > 0 ? writes / ops.bulk : 0,
  };
}
