// Scenarios 1 and 7: no-op throughput of push, pull (Kibana 9 defaults) and pull-runsoon, with
// each process's CPU and the Elasticsearch operations per task measured over the same windows.
import { countBy, scheduleTasks, startsPerTask } from '../../../scripts/system/e2e_workload';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuLimit, fmt, log, type BenchContext, type ScenarioResult } from '../context';
import { perTask, read, usageBetween, type Usage } from '../resources';
import type { BenchSystem, Mode } from '../systems';
import { recordsOf, seedDueTasks, waitForCompletedCount, waitForRecords } from '../workload';

export interface BurstResult {
  mode: Mode;
  hosts: number;
  /** 'seeded': all due at once, written in bulk; 'route': scheduled through the route, 16 at a time */
  how: 'seeded' | 'route';
  tasks: number;
  /** ms sending the schedule requests (route) or bulk-indexing the documents (seeded) */
  schedule_ms: number;
  /** ms from the first request (or the seeded tasks' due time) to the last run's end */
  makespan_ms: number;
  /** ms from the first run's start to the last run's end */
  run_ms: number;
  /** ms from the due time (seeded) or the first request (route) to the first run's start */
  first_start_ms: number;
  tasks_per_s: number;
  runs_per_node: Record<string, number>;
  not_run_once: number;
  usage: Usage;
  per_task: ReturnType<typeof perTask>;
}

/** how long after the start of seeding seeded tasks are due, in ms (2,000 seed in ~0.2 s) */
const SEED_LEAD_MS = 2000;
/** resources are read this long before the due time, in ms (a read takes a few) */
const READ_LEAD_MS = 100;
/** Seeded bursts per mode (quick: 1): the goal reads the median, the report gives the range. */
const SEEDED_REPEATS = 3;

/**
 * One burst of no-op tasks on `system`: seeded (all due at once, the run path alone) or through
 * the schedule route (16 requests at a time, round-robin). Resources are read before the due
 * time (seeded: after the seeding, so its writes are not counted) or the first request (route),
 * and after the last task completed.
 */
export async function runBurst(
  ctx: BenchContext,
  system: BenchSystem,
  how: 'seeded' | 'route',
  count: number,
  taskMs = 0
): Promise<BurstResult> {
  const { es } = ctx;
  const prefix = `${how}-${system.mode}-${system.hosts}-${Date.now().toString(36)}-`;
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  let before = await read(es, system);
  const started = Date.now();
  // Seeded tasks come due together after they are written and searchable, as tasks whose runAt
  // arrives do: the burst is timed from that moment, so it holds neither the seeding nor the
  // index refresh that makes fresh documents visible (~1 s, 20 % of a push burst).
  const dueAt = started + SEED_LEAD_MS;
  if (how === 'seeded') await seedDueTasks(es, system, ids, taskMs, new Date(dueAt));
  else await scheduleTasks(system.nodes, ids, () => ({ params: { ms: taskMs } }), 16);
  const scheduled = Date.now();
  if (how === 'seeded') {
    if (scheduled > dueAt) log(`  seeding took ${scheduled - started} ms, past the due time`);
    await sleep(dueAt - READ_LEAD_MS - Date.now());
    before = await read(es, system); // the seeding's writes are in it: none to take out
  }
  const timeoutMs = 120_000 + count * 100;
  await waitForRecords(es, system, prefix, count, how === 'seeded' ? 'start' : 'end', timeoutMs);
  await waitForCompletedCount(es, system, prefix, count, timeoutMs);
  const after = await read(es, system);
  const records = await recordsOf(es, system, prefix);
  const startsAt = records.filter((r) => r.event === 'start').map((r) => r.at);
  const ends = records.filter((r) => r.event === 'end').map((r) => r.at);
  // seeded tasks record their start only (no end write to wait on): a no-op run ends as it starts
  const lastEnd = ends.length ? Math.max(...ends) : Math.max(...startsAt) + taskMs;
  const t0 = how === 'seeded' ? Math.max(dueAt, scheduled) : started;
  const usage = usageBetween(before, after);
  const names = Object.fromEntries(system.nodes.map((node, i) => [node.uuid, `host-${i}`]));
  const starts = startsPerTask(records);
  return {
    mode: system.mode,
    hosts: system.hosts,
    how,
    tasks: count,
    schedule_ms: scheduled - started,
    makespan_ms: lastEnd - t0,
    run_ms: lastEnd - Math.min(...startsAt),
    first_start_ms: Math.min(...startsAt) - t0,
    tasks_per_s: (count * 1000) / (lastEnd - t0),
    runs_per_node: countBy(
      records.filter((r) => r.event === 'start'),
      (r) => names[r.node] ?? r.node
    ),
    not_run_once: ids.filter((id) => starts.get(id)?.length !== 1).length,
    usage,
    per_task: perTask(usage.run_ops, count),
  };
}

function describe(burst: BurstResult): string {
  const p = burst.per_task;
  return (
    `${burst.mode.padEnd(12)} ${burst.how.padEnd(6)} ${String(burst.tasks).padStart(5)} tasks: ` +
    `${fmt(burst.tasks_per_s)} tasks/s (schedule ${burst.schedule_ms} ms, first start ` +
    `${burst.first_start_ms} ms, runs ${burst.run_ms} ms); ` +
    `per task ${fmt(p.writes)} writes in ${fmt(p.write_requests)} requests, ${fmt(p.gets)} gets, ` +
    `${fmt(p.searches)} searches; not run once: ${burst.not_run_once}`
  );
}

function cpuLine(burst: BurstResult): string {
  const cores = Object.entries(burst.usage.cpu_cores)
    .map(([name, c]) => `${name} ${fmt(c)}`)
    .join(', ');
  return `${burst.mode} ${burst.how} CPU (cores): ${cores}; machine ${fmt(burst.usage.machine_busy * 100)}% busy`;
}

/** Scenario 1 (throughput) and 7 (resources), measured in one pass over the three modes. */
export async function throughputScenario(ctx: BenchContext): Promise<{
  throughput: ScenarioResult;
  resources: ScenarioResult;
}> {
  const seededCount = ctx.quick ? 300 : 2000;
  const routeCount = ctx.quick ? 200 : 2000;
  const repeats = ctx.quick ? 1 : SEEDED_REPEATS;
  const bursts: BurstResult[] = [];
  // push last: the backlog scenario after it runs on the same system
  for (const mode of ['pull-runsoon', 'pull', 'push'] as const) {
    const system = await ctx.system(mode);
    // pull-runsoon differs from pull only when tasks are scheduled: no seeded burst for it
    const seededBursts = mode === 'pull-runsoon' ? 0 : repeats;
    for (let i = 0; i < seededBursts; i++) {
      bursts.push(await runBurst(ctx, system, 'seeded', seededCount));
      log(`  ${describe(bursts[bursts.length - 1])}`);
    }
    bursts.push(await runBurst(ctx, system, 'route', routeCount));
    log(`  ${describe(bursts[bursts.length - 1])}`);
  }
  const all = (mode: Mode, how: 'seeded' | 'route') =>
    bursts
      .filter((b) => b.mode === mode && b.how === how)
      .sort((a, b) => a.tasks_per_s - b.tasks_per_s);
  // the median burst of each mode: the seeded ones are repeated
  const find = (mode: Mode, how: 'seeded' | 'route') => {
    const runs = all(mode, how);
    return runs[Math.floor(runs.length / 2)];
  };
  const rates = (mode: Mode) => all(mode, 'seeded').map((b) => b.tasks_per_s);
  const range = (values: number[]) =>
    values.length > 1 ? ` [${fmt(values[0])}–${fmt(values[values.length - 1])}]` : '';
  const ratioRange = range([
    rates('push')[0] / rates('pull').at(-1)!,
    rates('push').at(-1)! / rates('pull')[0],
  ]);
  const seededRatio = find('push', 'seeded').tasks_per_s / find('pull', 'seeded').tasks_per_s;
  const routeRatio = find('push', 'route').tasks_per_s / find('pull', 'route').tasks_per_s;
  const runSoonRatio =
    find('push', 'route').tasks_per_s / find('pull-runsoon', 'route').tasks_per_s;
  const pushRun = find('push', 'seeded');
  const throughput: ScenarioResult = {
    lines: [
      ...bursts.map(describe),
      `push / pull, ${seededCount} due at once: ${fmt(seededRatio)} ×${ratioRange} ` +
        `(median of ${repeats}: push${range(rates('push'))}, pull${range(rates('pull'))} tasks/s)`,
      `push / pull, ${routeCount} scheduled through the route: ${fmt(routeRatio)} ×; ` +
        `push / pull-runsoon: ${fmt(runSoonRatio)} ×`,
    ],
    goals: [
      {
        goal: 'push no-op throughput ≥ 10 × pull',
        measured:
          `${fmt(seededRatio)} ×${ratioRange} (${fmt(find('push', 'seeded').tasks_per_s)} vs ` +
          `${fmt(find('pull', 'seeded').tasks_per_s)} tasks/s, ${seededCount} due at once, ` +
          `median of ${repeats} bursts each)`,
        pass: seededRatio >= 10,
        limit:
          `push's seeded burst: ${cpuLimit(pushRun.usage)}; per task ${fmt(pushRun.per_task.writes)} ` +
          `writes, ${fmt(pushRun.per_task.gets)} gets`,
      },
    ],
    data: {
      settings: {
        seeded_tasks: seededCount,
        seeded_repeats: repeats,
        route_tasks: routeCount,
        task_ms: 0,
        hosts: 2,
      },
      ratios: {
        push_over_pull_seeded: seededRatio,
        push_over_pull_route: routeRatio,
        push_over_pull_runsoon_route: runSoonRatio,
      },
      bursts: bursts.map(({ usage: _usage, ...rest }) => rest),
    },
  };
  const inBulk = pushRun.per_task.docs_per_write_request > 1.5;
  const resources: ScenarioResult = {
    lines: [
      ...bursts.map(cpuLine),
      ...bursts.map(
        (b) =>
          `${b.mode} ${b.how} Elasticsearch per task (system indices): ` +
          `${fmt(b.per_task.writes)} writes, ${fmt(b.per_task.docs_per_write_request)} docs per write request, ` +
          `${fmt(b.per_task.gets)} gets, ${fmt(b.per_task.searches)} shard queries, ` +
          `${fmt(b.usage.system_ops.refresh / b.tasks)} refreshes`
      ),
    ],
    goals: [
      {
        goal: '≤ 3 Elasticsearch writes per task run, sent in bulk',
        measured:
          `${fmt(pushRun.per_task.writes)} writes/run, ` +
          `${fmt(pushRun.per_task.docs_per_write_request)} docs per shard write request, ` +
          `${fmt(pushRun.per_task.gets)} gets/run (push, seeded)`,
        pass: pushRun.per_task.writes <= 3 && inBulk,
        limit:
          `${fmt(pushRun.per_task.write_requests)} shard write requests per task: ` +
          `${inBulk ? 'batched' : 'nearly every write goes alone'}`,
      },
    ],
    data: {
      note:
        "Operations are primary-shard counters of the system's task, tracking, nodes and dispatcher " +
        'indices (`_stats`), before/after each burst; node_ops is `_nodes/stats` of the whole node. ' +
        'A seeded burst is read from after its seeding (its writes are not in it); a route burst includes scheduling.',
      bursts: bursts.map((b) => ({
        mode: b.mode,
        how: b.how,
        tasks: b.tasks,
        per_task: b.per_task,
        usage: b.usage,
      })),
    },
  };
  return { throughput, resources };
}
