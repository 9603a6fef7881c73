// Scenario 4: a backlog of 10,000 (and 100,000) due no-op tasks drained by push; the rate of
// each tenth of the tasks, and the last tenth's against the first.
import { fmt, log, type BenchContext, type ScenarioResult } from '../context';
import { recordsOf, seedDueTasks, waitForRecords } from '../workload';

interface Drain {
  tasks: number;
  seed_ms: number;
  /** tasks/s of each tenth, by start time: a tenth's starts over the time from the previous one's last */
  decile_rates: number[];
  /** runs that started while the seeding was still writing (its later bulks) */
  started_while_seeding: number;
  last_over_first: number;
  total_per_s: number;
}

async function drain(ctx: BenchContext, count: number): Promise<Drain> {
  const system = await ctx.system('push');
  const prefix = `backlog-${count}-${Date.now().toString(36)}-`;
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  const seedStarted = Date.now();
  await seedDueTasks(ctx.es, system, ids, 0);
  const seeded = Date.now();
  await waitForRecords(ctx.es, system, prefix, count, 'start', 300_000 + count * 100);
  const starts = (await recordsOf(ctx.es, system, prefix))
    .filter((r) => r.event === 'start')
    .map((r) => r.at)
    .sort((a, b) => a - b);
  const tenth = Math.floor(starts.length / 10);
  const rates: number[] = [];
  // Each tenth by its own starts only. The drain begins while the seeding still writes (it is
  // searchable bulk by bulk, 100,000 tasks take ~9 s), so timing the first tenth from the end of
  // seeding counted the runs that started before it as the first tenth's: 1,019 tasks/s against
  // 500-720 for the rest in the run at eeaebab, where 10,000 drained flat.
  for (let d = 0; d < 10; d++) {
    const from = d === 0 ? starts[0] : starts[d * tenth - 1];
    const count = d === 0 ? tenth - 1 : tenth;
    const to = starts[(d + 1) * tenth - 1];
    rates.push((count * 1000) / Math.max(1, to - from));
  }
  return {
    tasks: count,
    seed_ms: seeded - seedStarted,
    decile_rates: rates,
    last_over_first: rates[9] / rates[0],
    started_while_seeding: starts.filter((at) => at < seeded).length,
    total_per_s: ((starts.length - 1) * 1000) / Math.max(1, starts[starts.length - 1] - starts[0]),
  };
}

export async function backlogScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const sizes = ctx.quick ? [1000] : [10_000, 100_000];
  const drains: Drain[] = [];
  for (const size of ctx.backlogSizes ?? sizes) {
    const d = await drain(ctx, size);
    drains.push(d);
    log(`  ${line(d)}`);
  }
  const largest = drains[drains.length - 1];
  return {
    lines: drains.map(line),
    goals: [
      {
        goal: "the 100,000-task drain's last decile ≥ 80 % of its first",
        measured:
          `${fmt(largest.last_over_first * 100)}% (${largest.tasks.toLocaleString('en')} tasks, ` +
          `${fmt(largest.decile_rates[9])} vs ${fmt(largest.decile_rates[0])} tasks/s)`,
        pass: largest.tasks >= 100_000 && largest.last_over_first >= 0.8,
        limit: `tasks/s per decile: ${largest.decile_rates.map(fmt).join(', ')}`,
        ...(largest.tasks < 100_000
          ? { missing: `only ${largest.tasks} tasks drained in this run` }
          : {}),
      },
    ],
    data: { drains },
  };
}

function line(d: Drain): string {
  return (
    `${d.tasks} tasks (seeded in ${d.seed_ms} ms, ${d.started_while_seeding} started meanwhile): ` +
    `${fmt(d.total_per_s)} tasks/s overall; per decile ` +
    `${d.decile_rates.map(fmt).join(', ')}; last / first ${fmt(d.last_over_first)}`
  );
}
