// The soak's resource sampling: each process's resident memory and open file descriptors from
// /proc, and how long it takes to answer a probe request, every few seconds; then the medians
// of two windows and whether the later one stayed within a tolerance of the earlier one.
import { readdirSync, readFileSync } from 'node:fs';

export interface SoakProcess {
  /** e.g. `host-0`, `dispatcher` */
  name: string;
  pid: number;
  /**
   * a cheap request it answers (its status route, the dispatcher's /metrics), timed as a
   * responsiveness sample; Prometheus text with Node's event-loop lag is read for that too
   */
  probeUrl: string;
}

export interface Sample {
  /** seconds since the load phase started */
  t: number;
  process: string;
  /** resident set, MiB (VmRSS) */
  rssMiB: number;
  /** entries of /proc/<pid>/fd */
  fds: number;
  /** time to answer the probe, ms; null when it failed or took over 5 s */
  probeMs: number | null;
  /** event-loop lag p99 since the previous sample, ms, where the probe reports it (prom-client) */
  eventLoopP99Ms?: number;
  /** V8 heap in use and reserved, MiB, from the probe's answer (status `metrics.process` or prom-client) */
  heapUsedMiB?: number;
  heapTotalMiB?: number;
}

/** VmRSS (MiB) and the open descriptor count of a live process. */
export function readProcess(pid: number): { rssMiB: number; fds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return { rssMiB: kib / 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
}

const LAG_P99 = /^nodejs_eventloop_lag_p99_seconds (\S+)$/m;
const HEAP_USED = /^nodejs_heap_size_used_bytes (\S+)$/m;
const HEAP_TOTAL = /^nodejs_heap_size_total_bytes (\S+)$/m;
const MIB = 1024 * 1024;

type ProbeFigures = Pick<Sample, 'eventLoopP99Ms' | 'heapUsedMiB' | 'heapTotalMiB'>;

/** What a probe's answer says: Kibana's `/api/status` (JSON) or prom-client's text. */
export function readProbe(body: string): ProbeFigures {
  if (body.startsWith('{')) {
    const heap = (
      JSON.parse(body) as {
        metrics?: { process?: { memory?: { heap?: Record<string, number> } } };
      }
    ).metrics?.process?.memory?.heap;
    return heap
      ? { heapUsedMiB: heap.used_in_bytes / MIB, heapTotalMiB: heap.total_in_bytes / MIB }
      : {};
  }
  const figure = (pattern: RegExp) => {
    const value = pattern.exec(body)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const lag = figure(LAG_P99);
  const used = figure(HEAP_USED);
  const total = figure(HEAP_TOTAL);
  return {
    ...(lag === undefined ? {} : { eventLoopP99Ms: Math.round(lag * 1000) }),
    ...(used === undefined ? {} : { heapUsedMiB: used / MIB }),
    ...(total === undefined ? {} : { heapTotalMiB: total / MIB }),
  };
}

async function probe(url: string): Promise<Pick<Sample, 'probeMs'> & ProbeFigures> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = await response.text();
    return { probeMs: Math.round(performance.now() - started), ...readProbe(body) };
  } catch {
    return { probeMs: null };
  }
}

/** Samples every process every `intervalMs` from `startedAt` on, until the returned stop is called. */
export function startSampling(
  processes: SoakProcess[],
  startedAt: number,
  intervalMs: number,
  samples: Sample[],
  onError: (message: string) => void
): () => void {
  const take = async () => {
    const t = (Date.now() - startedAt) / 1000;
    await Promise.all(
      processes.map(async (p) => {
        try {
          samples.push({
            t,
            process: p.name,
            ...readProcess(p.pid),
            ...(await probe(p.probeUrl)),
          });
        } catch (error) {
          onError(`sampling ${p.name} (pid ${p.pid}): ${(error as Error).message}`);
        }
      })
    );
  };
  void take();
  const timer = setInterval(() => void take(), intervalMs);
  return () => clearInterval(timer);
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The two windows compared, in minutes of the load phase: [from, to). */
export interface Windows {
  baseline: [number, number];
  last: [number, number];
}

/** Minutes 5–10 against the last 5; a run under 15 minutes compares minute 1–2 with its last one. */
export function windowsFor(minutes: number): Windows {
  return minutes >= 15
    ? { baseline: [5, 10], last: [minutes - 5, minutes] }
    : { baseline: [1, 2], last: [minutes - 1, minutes] };
}

export interface Drift {
  process: string;
  /**
   * `rssMiB`: the window's 90th percentile, the top of the sawtooth V8's collections draw (see
   * `drifts`). `fds`: the window's median. `heapFloorMiB`: the lowest V8 heap in use in the
   * window, about what survives a full collection (a sample soon after one): it grows only with
   * a leak.
   */
  metric: 'rssMiB' | 'fds' | 'heapFloorMiB';
  baseline: number | null;
  last: number | null;
  /** last / baseline; null when a window had no sample */
  ratio: number | null;
  /** not grown by more than the tolerance (a fall is no leak; the table shows it) */
  ok: boolean;
}

const lowest = (values: number[]) => (values.length === 0 ? null : Math.min(...values));
/** nearest rank: of 10 samples the 9th highest, so one stray sample in ten is left out */
const p90 = (values: number[]) =>
  values.length === 0
    ? null
    : [...values].sort((a, b) => a - b)[Math.ceil(0.9 * values.length) - 1];

const FIGURES: Array<[Drift['metric'], (s: Sample) => number | undefined, typeof median]> = [
  ['rssMiB', (s) => s.rssMiB, p90],
  ['fds', (s) => s.fds, median],
  ['heapFloorMiB', (s) => s.heapUsedMiB, lowest],
];

/**
 * Each process's figures in both windows; ok unless one grew by over `tolerance`. A figure a
 * process never reports (a heap without a probe that gives it) has no row.
 *
 * Under steady load a host's RSS is a sawtooth, not a level: garbage promoted to V8's old space
 * lifts the heap V8 reserves (and RSS with it) by ~100 MiB over a minute or two until a full
 * collection, and V8 hands the pages back a minute later (soak of 2 Dec 2026 at 30 tasks/s:
 * 160–185 MiB after, 250–262 before). Its samples fall in two groups, so a window's median jumps
 * between them with the phase (+52 % in a run whose heap floor was flat); the top of the tooth
 * (the 90th percentile, one stray sample in ten ignored) is where a leak shows, with the floor.
 */
export function drifts(samples: Sample[], windows: Windows, tolerance: number): Drift[] {
  const inWindow =
    ([from, to]: [number, number]) =>
    (s: Sample) =>
      s.t >= from * 60 && s.t < to * 60;
  const names = [...new Set(samples.map((s) => s.process))];
  return names.flatMap((process) =>
    FIGURES.filter(([, read]) =>
      samples.some((s) => s.process === process && read(s) !== undefined)
    ).map(([metric, read, summary]) => {
      const of = (window: [number, number]) =>
        summary(
          samples
            .filter((s) => s.process === process && inWindow(window)(s))
            .map(read)
            .filter((v): v is number => v !== undefined)
        );
      const baseline = of(windows.baseline);
      const last = of(windows.last);
      const ratio = baseline && last !== null ? last / baseline : null;
      return {
        process,
        metric,
        baseline,
        last,
        ratio,
        ok: ratio !== null && ratio - 1 <= tolerance,
      };
    })
  );
}
