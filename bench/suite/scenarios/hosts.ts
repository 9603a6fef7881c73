// Scenario 5: push throughput of 50 ms tasks with 1, 2 and 3 hosts (one dispatcher), seeded due.
import { cpuLimit, fmt, log, type BenchContext, type ScenarioResult } from '../context';
import { runBurst, type BurstResult } from './throughput';

const TASK_MS = 50;

export async function hostsScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const count = ctx.quick ? 300 : 3000;
  const runs: BurstResult[] = [];
  // 2 hosts first: the system the scenarios before left running
  for (const hosts of [2, 1, 3]) {
    const system = await ctx.system('push', hosts);
    const burst = await runBurst(ctx, system, 'seeded', count, TASK_MS);
    runs.push(burst);
    log(
      `  ${hosts} host(s): ${fmt(burst.tasks_per_s)} tasks/s ${JSON.stringify(burst.runs_per_node)}`
    );
  }
  const rateOf = (hosts: number) => runs.find((r) => r.hosts === hosts)!.tasks_per_s;
  const one = rateOf(1);
  const two = rateOf(2);
  const three = rateOf(3);
  return {
    lines: [
      `${count} tasks of ${TASK_MS} ms: 1 host ${fmt(one)}, 2 hosts ${fmt(two)}, 3 hosts ${fmt(three)} tasks/s; ` +
        `1 → 2 ${fmt(two / one)} ×, 1 → 3 ${fmt(three / one)} ×`,
    ],
    goals: [
      {
        goal: '1 → 2 hosts ≥ 1.7 ×',
        measured: `${fmt(two / one)} × (${fmt(one)} → ${fmt(two)} tasks/s, ${TASK_MS} ms tasks)`,
        pass: two / one >= 1.7,
        limit: `2 hosts: ${cpuLimit(runs.find((r) => r.hosts === 2)!.usage)}`,
      },
    ],
    data: {
      settings: { tasks: count, task_ms: TASK_MS },
      tasks_per_s: { 1: one, 2: two, 3: three },
      runs: runs.map(({ usage: _usage, ...rest }) => rest),
    },
  };
}
