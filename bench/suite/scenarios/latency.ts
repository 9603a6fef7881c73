// Scenario 3: start latency under load (push, pull, pull-runsoon) at 25/50/75 % of push's
// measured maximum, tasks scheduled open-loop at that rate; the schedule's own time apart.
import { fmt, log, percentile, type BenchContext, type ScenarioResult } from '../context';
import type { Mode } from '../systems';
import { recordsOf, scheduleOpenLoop, waitForCompletedCount } from '../workload';
import type { BurstResult } from './throughput';

const SHARES = [0.25, 0.5, 0.75];
/** push's maximum when the throughput scenario did not run in the same run, in tasks/s */
const FALLBACK_MAX = 100;

interface Point {
  mode: Mode;
  share: number;
  rate_per_s: number;
  tasks: number;
  /** request sent → the run's start record, in ms */
  start_p50: number;
  start_p90: number;
  start_p99: number;
  /** request sent → schedule answered, in ms */
  schedule_p50: number;
  schedule_p99: number;
  /** schedule answered → the run's start record, in ms */
  after_schedule_p50: number;
  after_schedule_p99: number;
}

export async function latencyScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const bursts = ctx.results.get('throughput')?.data.bursts as BurstResult[] | undefined;
  // the route burst: latency is measured on tasks scheduled through the route
  const measured = bursts?.find((b) => b.mode === 'push' && b.how === 'route')?.tasks_per_s;
  const max = measured ?? FALLBACK_MAX;
  const seconds = ctx.quick ? 3 : 20;
  const points: Point[] = [];
  // push last: the schedules scenario after it runs on the same system
  for (const mode of ['pull-runsoon', 'pull', 'push'] as const) {
    const system = await ctx.system(mode);
    for (const share of SHARES) {
      const rate = Math.max(1, max * share);
      const count = Math.max(10, Math.round(rate * seconds));
      const prefix = `lat-${mode}-${share}-${Date.now().toString(36)}-`;
      const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
      const { sentAt, scheduleMs } = await scheduleOpenLoop(system, ids, rate, {
        params: { ms: 0, recordEnd: false },
      });
      await waitForCompletedCount(ctx.es, system, prefix, count, 120_000 + count * 200);
      const starts = new Map(
        (await recordsOf(ctx.es, system, prefix))
          .filter((r) => r.event === 'start')
          .map((r) => [r.task_id, r.at])
      );
      const latency = ids.map((id) => starts.get(id)! - sentAt.get(id)!);
      const schedule = ids.map((id) => scheduleMs.get(id)!);
      const after = ids.map((id) => starts.get(id)! - sentAt.get(id)! - scheduleMs.get(id)!);
      const point: Point = {
        mode,
        share,
        rate_per_s: rate,
        tasks: count,
        start_p50: percentile(latency, 50),
        start_p90: percentile(latency, 90),
        start_p99: percentile(latency, 99),
        schedule_p50: percentile(schedule, 50),
        schedule_p99: percentile(schedule, 99),
        after_schedule_p50: percentile(after, 50),
        after_schedule_p99: percentile(after, 99),
      };
      points.push(point);
      log(`  ${line(point)}`);
    }
  }
  const half = points.find((p) => p.mode === 'push' && p.share === 0.5)!;
  return {
    lines: [
      `push's maximum: ${fmt(max)} tasks/s ${measured ? '(route burst of the throughput scenario)' : '(assumed: throughput scenario not run)'}`,
      ...points.map(line),
    ],
    goals: [
      {
        goal: "p99 start latency ≤ 250 ms at 50 % of push's maximum",
        measured: `${half.start_p99} ms at ${fmt(half.rate_per_s)} tasks/s (p50 ${half.start_p50} ms)`,
        pass: half.start_p99 <= 250,
        limit:
          `of which the schedule request p99 ${half.schedule_p99} ms, after it answered p99 ` +
          `${half.after_schedule_p99} ms`,
      },
    ],
    data: {
      push_max_per_s: max,
      push_max_measured: measured !== undefined,
      seconds_per_rate: seconds,
      points,
    },
  };
}

function line(p: Point): string {
  return (
    `${p.mode.padEnd(12)} ${String(p.share * 100).padStart(2)}% = ${fmt(p.rate_per_s).padStart(4)} tasks/s, ` +
    `${p.tasks} tasks: start p50/p90/p99 ${p.start_p50}/${p.start_p90}/${p.start_p99} ms; ` +
    `schedule p50/p99 ${p.schedule_p50}/${p.schedule_p99} ms; after schedule p50/p99 ` +
    `${p.after_schedule_p50}/${p.after_schedule_p99} ms`
  );
}
