// The soak's log reading (warning and error lines per process, the planned failures apart), its
// table (Markdown, so the README can quote it) and which of its checks failed.
import type { Accounting } from './accounting';
import type { Drift, Sample, Windows } from './soak_sampler';
import { median } from './soak_sampler';

/** What the fixture's planned failures say (scripts/system/e2e_fixture). */
const PLANNED_FAILURE = 'e2e:work planned failure';

export interface LogCount {
  process: string;
  errors: number;
  warnings: number;
  /** error or warning lines about a run failed on purpose */
  planned: number;
  /** a few distinct unplanned lines, cut at 300 characters, for the printed summary */
  examples: string[];
  /** every unplanned line (the first 1,000, cut at 1,000 characters), for the report file */
  lines: string[];
}

type Level = 'error' | 'warn' | undefined;

/** A host line's level: `[time][ERROR][context] …`, or an ECS JSON line's `log.level`. */
function levelOf(line: string | Record<string, unknown>): Level {
  let level: unknown;
  if (typeof line === 'string') {
    const text = /^\[[^\]]*\]\[(\w+)\s*\]/.exec(line)?.[1];
    if (text) level = text;
    else if (line.startsWith('{')) {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        level = parsed['log.level'] ?? (parsed.log as { level?: string } | undefined)?.level;
      } catch {
        // not JSON: a plain stderr line
      }
    }
    // A line without a level is the host's own stdout (its ready line) or stderr (a stack, a
    // Node warning): an error when it says so.
    else if (/error|exception|unhandled|uncaught/i.test(line)) level = 'error';
  } else {
    level = line['log.level'];
  }
  const id = String(level ?? '').toLowerCase();
  if (id === 'error' || id === 'fatal') return 'error';
  if (id === 'warn' || id === 'warning') return 'warn';
  return undefined;
}

/** Counts the warning and error lines of one process's output. */
export function countLog(
  process: string,
  lines: Array<string | Record<string, unknown>>
): LogCount {
  const count: LogCount = {
    process,
    errors: 0,
    warnings: 0,
    planned: 0,
    examples: [],
    lines: [],
  };
  for (const line of lines) {
    const level = levelOf(line);
    if (!level) continue;
    const text = typeof line === 'string' ? line : JSON.stringify(line);
    if (text.includes(PLANNED_FAILURE)) {
      count.planned++;
      continue;
    }
    if (level === 'error') count.errors++;
    else count.warnings++;
    if (count.lines.length < 1000) count.lines.push(text.slice(0, 1000));
    const cut = text.slice(0, 300);
    if (count.examples.length < 5 && !count.examples.includes(cut)) count.examples.push(cut);
  }
  return count;
}

export interface SoakFigures {
  minutes: number;
  windows: Windows;
  tolerance: number;
  burst: { tasks: number; seconds: number; rate: number };
  targetRate: number;
  achievedRate: number;
  scheduled: number;
  scheduleErrors: number;
  maxInFlight: number;
  accounting: Accounting;
  /** planned failures: tasks meant to fail once, and those whose failed attempt ran more than once */
  failures: { tasks: number; failedAttemptTwice: number };
  recurring: { tasks: number; runs: number; expectedAtLeast: number; concurrent: number };
  latencyMs: { p50: number; p99: number; max: number };
  /** schedule → start per minute of the load phase (by when the request was sent) */
  latencyPerMinute: Array<{ minute: number; tasks: number; p50: number; p99: number; max: number }>;
  /** the dispatcher's own counters at the end (pushes by outcome, releases, expiries, errors) */
  dispatcherCounters: Record<string, number>;
  drifts: Drift[];
  logs: LogCount[];
  samples: Sample[];
}

/** The failed checks, each in a few words; empty when the soak passed. */
export function failedChecks(f: SoakFigures): string[] {
  const a = f.accounting;
  return [
    a.lost > 0 && `${a.lost} lost`,
    a.ranTwice > 0 && `${a.ranTwice} ran twice`,
    a.concurrent > 0 && `${a.concurrent} ran concurrently`,
    a.stuck > 0 && `${a.stuck} stuck`,
    f.failures.failedAttemptTwice > 0 &&
      `${f.failures.failedAttemptTwice} failed attempts ran twice`,
    f.recurring.concurrent > 0 && `${f.recurring.concurrent} recurring tasks overlapped`,
    f.recurring.runs < f.recurring.expectedAtLeast &&
      `recurring tasks ran ${f.recurring.runs} times, expected ≥ ${f.recurring.expectedAtLeast}`,
    f.scheduleErrors > 0 && `${f.scheduleErrors} schedule requests failed`,
    f.achievedRate < f.targetRate * 0.9 &&
      `achieved ${f.achievedRate.toFixed(1)}/s of ${f.targetRate.toFixed(1)}/s`,
    ...f.drifts
      .filter((d) => !d.ok)
      .map((d) => `${d.process} ${d.metric} ${d.baseline ?? '—'} → ${d.last ?? '—'}`),
    ...f.logs.filter((l) => l.errors > 0).map((l) => `${l.process}: ${l.errors} error lines`),
  ].filter((c): c is string => typeof c === 'string');
}

const fixed = (value: number | null, digits = 1) => (value === null ? '—' : value.toFixed(digits));
const pct = (ratio: number | null) =>
  ratio === null ? '—' : `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
const span = ([from, to]: [number, number]) => `min ${from}–${to}`;

export function formatTable(f: SoakFigures): string {
  const { baseline, last } = f.windows;
  const header = [
    'process',
    `RSS MiB p90 ${span(baseline)}`,
    `RSS MiB p90 ${span(last)}`,
    'RSS change',
    `heap floor MiB ${span(baseline)}`,
    `heap floor MiB ${span(last)}`,
    'heap floor change',
    `fds ${span(baseline)}`,
    `fds ${span(last)}`,
    'fds change',
    'probe ms (median)',
    'event-loop p99 ms (median / max)',
    'error / warn lines',
  ];
  const processes = [...new Set(f.drifts.map((d) => d.process))];
  const rows = processes.map((p) => {
    const rss = f.drifts.find((d) => d.process === p && d.metric === 'rssMiB')!;
    const fds = f.drifts.find((d) => d.process === p && d.metric === 'fds')!;
    const heap = f.drifts.find((d) => d.process === p && d.metric === 'heapFloorMiB');
    const probes = f.samples
      .filter((s) => s.process === p && s.probeMs !== null)
      .map((s) => s.probeMs!);
    const lags = f.samples
      .filter((s) => s.process === p && s.eventLoopP99Ms !== undefined)
      .map((s) => s.eventLoopP99Ms!);
    const log = f.logs.find((l) => l.process === p);
    return [
      p,
      fixed(rss.baseline),
      fixed(rss.last),
      pct(rss.ratio),
      fixed(heap?.baseline ?? null),
      fixed(heap?.last ?? null),
      pct(heap?.ratio ?? null),
      fixed(fds.baseline, 0),
      fixed(fds.last, 0),
      pct(fds.ratio),
      fixed(median(probes), 0),
      lags.length === 0 ? '—' : `${fixed(median(lags), 0)} / ${Math.max(...lags)}`,
      log ? `${log.errors} / ${log.warnings}` : '—',
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const a = f.accounting;
  return [
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
    `push's maximum: ${f.burst.tasks} no-op tasks in ${f.burst.seconds.toFixed(1)} s = ` +
      `${f.burst.rate.toFixed(1)} tasks/s; soak target ${f.targetRate.toFixed(1)}/s, achieved ` +
      `${f.achievedRate.toFixed(1)}/s over ${f.minutes} min (${f.scheduled} one-shot tasks, ` +
      `${f.scheduleErrors} schedule errors, ≤ ${f.maxInFlight} requests in flight)`,
    `accounting: ${a.scheduled} tasks, ${a.completed} completed once, ${a.lost} lost, ` +
      `${a.ranTwice} ran twice, ${a.concurrent} concurrent, ${a.stuck} stuck; ` +
      `${f.failures.tasks} failed their first attempt on purpose and completed on the retry ` +
      `(${f.failures.failedAttemptTwice} failed attempts ran twice); ${f.recurring.tasks} recurring ` +
      `tasks ran ${f.recurring.runs} times (≥ ${f.recurring.expectedAtLeast} expected), ` +
      `${f.recurring.concurrent} overlapped`,
    `schedule → start: p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms, max ${f.latencyMs.max} ms`,
    `log lines: ${f.logs.map((l) => `${l.process} ${l.errors} error, ${l.warnings} warn, ${l.planned} planned-failure`).join('; ')}`,
  ].join('\n');
}
