// Scenario 6: schedules per second through the single schedule route (16 clients) and through
// the bulk schedule route (16 clients, 100 tasks a request) when the plugin has it.
import { E2E_TASK_TYPE, scheduleTasks } from '../../../scripts/system/e2e_workload';
import { fmt, log, type BenchContext, type ScenarioResult } from '../context';
import type { BenchSystem } from '../systems';

const CLIENTS = 16;
const BULK_SIZE = 100;
export const BULK_ROUTE = '/internal/background_tasks/tasks/_bulk_schedule';

/** POSTs one bulk of tasks; answers the status and body. */
async function bulkSchedule(
  node: BenchSystem['nodes'][number],
  ids: string[]
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${node.url}${BULK_ROUTE}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'kbn-xsrf': 'bench',
      'x-elastic-internal-origin': 'bench',
    },
    body: JSON.stringify({
      tasks: ids.map((id) => ({ id, type: E2E_TASK_TYPE, params: { ms: 0, recordEnd: false } })),
    }),
  });
  return { status: response.status, text: await response.text() };
}

async function bulkRate(system: BenchSystem, count: number): Promise<number> {
  const prefix = `bulk-${Date.now().toString(36)}-`;
  const batches = Math.ceil(count / BULK_SIZE);
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < batches) {
      const b = next++;
      const ids = Array.from({ length: BULK_SIZE }, (_, k) => `${prefix}${b * BULK_SIZE + k}`);
      const { status, text } = await bulkSchedule(system.nodes[b % system.nodes.length], ids);
      if (status !== 200)
        throw new Error(`bulk schedule answered ${status}: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  return (batches * BULK_SIZE * 1000) / (Date.now() - started);
}

export async function schedulesPerSecondScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const system = await ctx.system('push');
  const singleCount = ctx.quick ? 200 : 2000;
  const prefix = `single-${Date.now().toString(36)}-`;
  const ids = Array.from({ length: singleCount }, (_, i) => `${prefix}${i}`);
  const started = Date.now();
  await scheduleTasks(system.nodes, ids, () => ({ params: { ms: 0, recordEnd: false } }), CLIENTS);
  const single = (singleCount * 1000) / (Date.now() - started);
  log(`  single route, ${CLIENTS} clients: ${fmt(single)} schedules/s`);

  const probe = await bulkSchedule(system.nodes[0], [`bulk-probe-${Date.now().toString(36)}`]);
  let bulk: number | undefined;
  let bulkProblem: string | undefined;
  // Without the bulk route, the single-task route answers for the task id `_bulk_schedule`
  // and refuses the body (no `?schedule=true`): that is a missing route too.
  if (probe.status === 404 || (probe.status === 400 && probe.text.includes('body.0.tasks'))) {
    bulkProblem = 'bulk route missing';
  } else if (probe.status !== 200)
    bulkProblem = `bulk route answered ${probe.status}: ${probe.text.slice(0, 200)}`;
  else {
    try {
      bulk = await bulkRate(system, ctx.quick ? 1000 : 10_000);
    } catch (error) {
      bulkProblem = (error as Error).message;
    }
  }
  log(`  bulk route: ${bulk !== undefined ? `${fmt(bulk)} schedules/s` : bulkProblem}`);
  // the tasks scheduled here would still be running into the next scenario
  await ctx.stopSystem();
  return {
    lines: [
      `single route, ${CLIENTS} clients: ${fmt(single)} schedules/s (${singleCount} tasks, due now)`,
      `bulk route (${BULK_ROUTE}), ${CLIENTS} clients × ${BULK_SIZE} tasks: ` +
        (bulk !== undefined ? `${fmt(bulk)} schedules/s` : bulkProblem!),
    ],
    goals: [
      {
        goal: '≥ 1,000 schedules/s in bulk',
        measured: bulk !== undefined ? `${fmt(bulk)} schedules/s` : 'n/a',
        pass: (bulk ?? 0) >= 1000,
        ...(bulk === undefined ? { missing: bulkProblem } : {}),
      },
    ],
    data: {
      single_per_s: single,
      single_tasks: singleCount,
      bulk_per_s: bulk,
      bulk_problem: bulkProblem,
    },
  };
}
