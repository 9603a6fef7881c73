// Before any figure: unmeasured push bursts, so the Elasticsearch JVM's compilers have settled.
// A freshly started Elasticsearch is still compiling its write and get paths for the first
// minutes: on this suite's machine the same 2,000-task push burst ran at 75, 106 and 123
// tasks/s in its first three runs and 155–190 once warm, Elasticsearch's CPU per task falling
// from 17 to 4.4 ms. A cluster serving Kibana is warm; measuring the compiler instead would
// charge it to whichever mode runs first.
import { fmt, log, type BenchContext } from './context';
import { runBurst } from './scenarios/throughput';

/** Bursts run to warm up, and the no-op tasks in each. */
const WARM_UP = { bursts: 3, tasks: 2000 };
const QUICK_WARM_UP = { bursts: 1, tasks: 500 };

/** Runs the warm-up bursts on a push system; answers one line per burst for the reports. */
export async function warmUpElasticsearch(ctx: BenchContext): Promise<string[]> {
  const { bursts, tasks } = ctx.quick ? QUICK_WARM_UP : WARM_UP;
  const system = await ctx.system('push');
  const lines: string[] = [];
  for (let i = 1; i <= bursts; i++) {
    const burst = await runBurst(ctx, system, 'seeded', tasks);
    const cores = burst.usage.cpu_cores.elasticsearch ?? 0;
    lines.push(
      `warm-up ${i}/${bursts}: push seeded ${tasks} tasks at ${fmt(burst.tasks_per_s)} tasks/s, ` +
        `Elasticsearch ${fmt((cores * 1000) / burst.tasks_per_s)} ms CPU per task (unmeasured)`
    );
    log(`  ${lines[lines.length - 1]}`);
  }
  return lines;
}
