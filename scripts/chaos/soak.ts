// `npm run soak`: measures push's maximum no-op throughput on a two-host system, then schedules at
// half that rate for a given time while sampling each process's memory and file descriptors;
// accounts for every task, writes target/soak/report.json and prints a table. Exits 1 on a failed check.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { REPO_ROOT } from '../../runtime/host/repo_root';
import { percentile, readRecords, type RunRecord } from '../system/e2e_workload';
import { account } from './accounting';
import { startChaosSystem } from './chaos_system';
import { measureMaxRate, runOpenLoop, waitUntilCompleted, type Load } from './soak_load';
import { snapshotNodeOptions, takeHeapSnapshot } from './heap_snapshot';
import { countLog, failedChecks, formatTable, type SoakFigures } from './soak_report';
import { drifts, startSampling, windowsFor, type Sample, type SoakProcess } from './soak_sampler';

const HELP = `npm run soak -- [--minutes <n>] [--burst <n>] [--rate <n>] [--heap-snapshots] [--help]

On a fresh system (two hosts with the recording e2e:work type, a dispatcher; own indices) against
the Elasticsearch of ELASTICSEARCH_HOSTS (default http://127.0.0.1:9200):
 1. measures push's maximum throughput: <burst> no-op tasks (0–10 ms) scheduled at once,
    tasks/s = count / (last end − first schedule);
 2. schedules at half that rate for <minutes>, open loop (a fixed rate, never waiting for a
    task): one-shot tasks of 1–5 ms, every 50th failing its first attempt (retried after 30 s),
    and 4 tasks recurring every 10 s (one failing every other run);
 3. every 5 s samples each host's and the dispatcher's VmRSS and /proc/<pid>/fd count, and
    times a request to its /api/status or /metrics, which also give its V8 heap in use (and the
    dispatcher's event-loop lag);
 4. waits for every one-shot task to complete and accounts for each (lost, ran twice, ran
    concurrently, stuck), counts error and warning lines per process.
It passes when the accounting is clean, the achieved rate is ≥ 90 % of the target, no process
logged an error (planned failures aside), and neither the top of the RSS (p90), the heap floor
(the lowest heap in use, about what survives a full collection) nor the median fd count of the
last 5 minutes have grown by more than 10 % over those of minutes 5–10 (a run under 15 minutes
compares its last minute with minute 1–2; a fall passes, the table shows it). Writes
target/soak/report.json and prints a table; exits 1 when a check fails.

  --minutes <n>  length of the load phase. @defaultValue 30
  --burst <n>    tasks of the throughput burst. @defaultValue 2000
  --rate <n>     tasks/s of the load instead of half the burst's (to repeat an earlier run)
  --heap-snapshots
                 a heap snapshot of each process half a minute before each window ends, kept in
                 target/soak/heap, its live heap in the report: the exact leak measure, for a
                 diagnostic run (writing one costs a process 100+ MiB of RSS it keeps, so the
                 RSS check means nothing in such a run)
  --help         this text
`;

const SAMPLE_MS = 5_000;
const TOLERANCE = 0.1;
/** how long after the load the one-shot tasks may take to complete (planned retries come after 30 s) */
const SETTLE_MS = 180_000;

/** Drops the starts of planned failed attempts (they have no end) and counts them per task. */
function withoutPlannedFailures(records: RunRecord[], failing: Set<string>) {
  const failedStarts = new Map<string, number>();
  const kept = records.filter((r) => {
    const planned = failing.has(r.task_id) && r.event === 'start' && r.attempts <= 1;
    if (planned) failedStarts.set(r.task_id, (failedStarts.get(r.task_id) ?? 0) + 1);
    return !planned;
  });
  return { kept, failedStarts };
}

function figures(
  minutes: number,
  load: Load,
  records: RunRecord[],
  statuses: Record<string, string>,
  burstIds: string[]
): Pick<SoakFigures, 'accounting' | 'failures' | 'recurring' | 'latencyMs' | 'latencyPerMinute'> {
  const recurringSet = new Set(load.recurring);
  const failing = new Set([...load.failing, ...load.recurring.slice(-1)]);
  const { kept, failedStarts } = withoutPlannedFailures(records, failing);
  // A task whose schedule request failed and left no tracking document was never accepted: the
  // failed request is its own failed check, not a lost task.
  const ids = [...burstIds, ...load.ids].filter(
    (id) => !(load.failedIds.has(id) && statuses[id] === undefined)
  );
  const accounting = account({ ids, records: kept, statuses });
  const recurringRuns = kept.filter((r) => recurringSet.has(r.task_id) && r.event === 'end');
  const recurringAccounting = account({ ids: load.recurring, records: kept, statuses: {} });
  const firstStart = new Map<string, number>();
  for (const r of records)
    if (r.event === 'start' && !firstStart.has(r.task_id)) firstStart.set(r.task_id, r.at);
  const started = load.ids
    .filter((id) => firstStart.has(id))
    .map((id) => ({ sent: load.sentAt.get(id)!, ms: firstStart.get(id)! - load.sentAt.get(id)! }));
  const latencies = started.map((s) => s.ms);
  const from = Math.min(...started.map((s) => s.sent));
  const latencyPerMinute = Array.from({ length: minutes }, (_, minute) => {
    const ms = started
      .filter((s) => Math.floor((s.sent - from) / 60_000) === minute)
      .map((s) => s.ms);
    return {
      minute,
      tasks: ms.length,
      p50: percentile(ms, 50) ?? 0,
      p99: percentile(ms, 99) ?? 0,
      max: ms.reduce((a, b) => Math.max(a, b), 0),
    };
  });
  return {
    accounting,
    failures: {
      tasks: load.failing.length,
      failedAttemptTwice: load.failing.filter((id) => (failedStarts.get(id) ?? 0) > 1).length,
    },
    recurring: {
      tasks: load.recurring.length,
      runs: recurringRuns.length,
      // every 10 s, the failing one succeeding every other run; half of that leaves room for load
      expectedAtLeast: Math.floor((minutes * 6 * (load.recurring.length - 0.5)) / 2),
      concurrent: recurringAccounting.concurrent,
    },
    latencyMs: {
      p50: percentile(latencies, 50) ?? 0,
      p99: percentile(latencies, 99) ?? 0,
      max: latencies.reduce((a, b) => Math.max(a, b), 0),
    },
    latencyPerMinute,
  };
}

/** The dispatcher's own counters (Prometheus text), e.g. `pushes_total{outcome="accepted"}`. */
async function readCounters(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text();
  const counters: Record<string, number> = {};
  for (const [, name, value] of text.matchAll(
    /^background_tasks_dispatcher_(\S+_total\S*) (\S+)$/gm
  ))
    counters[name] = Number(value);
  return counters;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '30' },
      burst: { type: 'string', default: '2000' },
      rate: { type: 'string' },
      'heap-snapshots': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const minutes = Number(values.minutes);
  const burstCount = Number(values.burst);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (!(minutes >= 3) || !(burstCount >= 100) || (rate !== undefined && !(rate > 0))) {
    process.stderr.write(`--minutes must be ≥ 3, --burst ≥ 100 and --rate > 0\n\n${HELP}`);
    return 2;
  }
  const esUrl = process.env.ELASTICSEARCH_HOSTS?.split(',')[0] ?? 'http://127.0.0.1:9200';
  const log = (line: string) =>
    process.stdout.write(`[soak ${new Date().toISOString()}] ${line}\n`);
  const es = new Client({ node: esUrl });
  const dir = join(REPO_ROOT, 'target', 'soak');
  const heapDir = join(dir, 'heap');
  if (values['heap-snapshots']) {
    mkdirSync(heapDir, { recursive: true });
    // Every process of the system inherits this environment.
    process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, snapshotNodeOptions(heapDir)]
      .filter(Boolean)
      .join(' ');
  }
  const system = await startChaosSystem({ es, esUrl, name: 'soak', timeout: '1m' });
  try {
    const dispatcher = system.dispatchers[0];
    const processes: SoakProcess[] = [
      ...system.hosts.map((h, i) => ({
        name: `host-${i}`,
        pid: h.pid,
        probeUrl: `${h.url}/api/status`,
      })),
      { name: 'dispatcher', pid: dispatcher.pid, probeUrl: `${await dispatcher.url()}/metrics` },
    ];
    log(`system up: ${processes.map((p) => `${p.name} pid ${p.pid}`).join(', ')}`);

    const burst = await measureMaxRate(es, system, burstCount);
    const targetRate = rate ?? burst.rate / 2;
    log(`burst: ${burstCount} tasks in ${burst.seconds.toFixed(1)} s = ${burst.rate.toFixed(1)}/s`);
    log(`load: ${targetRate.toFixed(1)} tasks/s for ${minutes} min`);

    const samples: Sample[] = [];
    const samplingErrors: string[] = [];
    const loadStartedAt = Date.now();
    const stopSampling = startSampling(processes, loadStartedAt, SAMPLE_MS, samples, (m) =>
      samplingErrors.push(m)
    );
    const windows = windowsFor(minutes);
    // One process at a time: a snapshot stops its process for a second or two.
    const snapshots: Array<{ minute: number; process: string; file: string; liveMiB: number }> = [];
    const snapshotTimers = values['heap-snapshots']
      ? [windows.baseline, windows.last].map(([, to]) =>
          setTimeout(
            async () => {
              for (const p of processes) {
                try {
                  const taken = await takeHeapSnapshot(p.pid, heapDir, p.probeUrl);
                  snapshots.push({ minute: to - 0.5, process: p.name, ...taken });
                  log(`live heap of ${p.name} at min ${to - 0.5}: ${taken.liveMiB.toFixed(1)} MiB`);
                } catch (error) {
                  samplingErrors.push(`heap snapshot of ${p.name}: ${(error as Error).message}`);
                }
              }
            },
            (to - 0.5) * 60_000
          )
        )
      : [];
    const load = await runOpenLoop({
      hosts: system.hosts,
      rate: targetRate,
      durationMs: minutes * 60_000,
      onProgress: (n, inFlight) => {
        const latest = processes.map((p) => samples.findLast((s) => s.process === p.name));
        log(
          `${n} scheduled, ${inFlight} in flight; ` +
            latest
              .map(
                (s) =>
                  s &&
                  `${s.process} ${s.rssMiB.toFixed(0)} MiB (heap ${s.heapUsedMiB?.toFixed(0) ?? '?'}/${s.heapTotalMiB?.toFixed(0) ?? '?'}) ${s.fds} fds`
              )
              .join(', ')
        );
      },
    });
    stopSampling();
    snapshotTimers.forEach(clearTimeout);
    log(
      `load done: ${load.ids.length} tasks in ${(load.durationMs / 1000).toFixed(0)} s; settling`
    );

    const statuses = await waitUntilCompleted(
      es,
      system.indices.tracking,
      [...burst.ids, ...load.ids],
      SETTLE_MS
    );
    const records = await readRecords(es, system.indices.executions);
    const dispatcherCounters = await readCounters(`${await dispatcher.url()}/metrics`);
    const report: SoakFigures = {
      minutes,
      windows,
      tolerance: TOLERANCE,
      burst: { tasks: burstCount, seconds: burst.seconds, rate: burst.rate },
      targetRate,
      achievedRate: load.ids.length / (load.durationMs / 1000),
      scheduled: load.ids.length,
      scheduleErrors: load.scheduleErrors.length,
      maxInFlight: load.maxInFlight,
      ...figures(minutes, load, records, statuses, burst.ids),
      drifts: drifts(samples, windows, TOLERANCE),
      logs: [
        ...system.output.map((lines, i) => countLog(`host-${i}`, lines)),
        countLog('dispatcher', [
          ...dispatcher.logs,
          ...dispatcher.stderr.split('\n').filter((l) => l.trim().length > 0),
        ]),
      ],
      dispatcherCounters,
      samples,
    };
    const failed = failedChecks(report);
    mkdirSync(dir, { recursive: true });
    const json = {
      at: new Date().toISOString(),
      esUrl,
      failed,
      samplingErrors,
      ...(values['heap-snapshots'] ? { heapSnapshots: snapshots } : {}),
      ...report,
      scheduleErrorExamples: load.scheduleErrors.slice(0, 20),
    };
    writeFileSync(join(dir, 'report.json'), `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`\n${formatTable(report)}\n\n`);
    for (const l of report.logs)
      for (const example of l.examples) process.stdout.write(`${l.process}: ${example}\n`);
    process.stdout.write(
      `${failed.length === 0 ? 'PASS' : `FAIL: ${failed.join('; ')}`}\nreport: target/soak/report.json\n`
    );
    return failed.length === 0 ? 0 : 1;
  } finally {
    await system.stop();
    await es.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
);
