// The chaos scenarios `npm run chaos` runs, in priority order, with their full and quick sizes.
import type { ChaosContext, ScenarioResult } from './chaos_run';
import { esNodeKill } from './es_node_kill';
import { esStop, hostKill, hostPartition, leaderKill, slowEs } from './scenarios';
import { staleReschedule } from './stale_reschedule';

export interface Scenario {
  name: string;
  description: string;
  run(ctx: ChaosContext, quick: boolean): Promise<Omit<ScenarioResult, 'scenario' | 'durationMs'>>;
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'host-kill',
    description: 'kill -9 one of two hosts mid-run (its runs re-run after the 4 s type timeout)',
    run: (ctx, quick) => hostKill(ctx, { tasks: quick ? 40 : 200 }),
  },
  {
    name: 'leader-kill',
    description: 'SIGKILL the leading dispatcher of two while tasks are scheduled (default lease)',
    run: (ctx, quick) => leaderKill(ctx, { tasks: quick ? 100 : 300 }),
  },
  {
    name: 'es-stop-30s',
    description: "the suite's own Elasticsearch stopped 30 s, then started again",
    run: (ctx, quick) => esStop(ctx, { outageMs: 30_000, tasks: quick ? 10 : 30 }),
  },
  {
    name: 'es-stop-120s',
    description:
      'Elasticsearch stopped 120 s, longer than the 10 s type timeout (outcomes must not re-run)',
    run: (ctx, quick) => esStop(ctx, { outageMs: 120_000, tasks: quick ? 10 : 30 }),
  },
  {
    name: 'es-node-kill',
    description:
      'a 3-node Elasticsearch (indices at 1 replica) of its own; the node holding the primaries killed',
    run: (ctx, quick) => esNodeKill(ctx, { tasks: quick ? 40 : 200 }),
  },
  {
    name: 'slow-es',
    description: 'a proxy adds latency between the system (hosts and dispatcher) and Elasticsearch',
    run: (ctx, quick) =>
      slowEs(ctx, { latencyMs: 200, slowForMs: quick ? 15_000 : 30_000, tasks: quick ? 40 : 100 }),
  },
  {
    name: 'host-partition',
    description: "one host's own proxy to Elasticsearch down 30 s; the dispatcher still reaches it",
    run: (ctx, quick) =>
      hostPartition(ctx, { cutForMs: quick ? 15_000 : 30_000, tasks: quick ? 20 : 40 }),
  },
  {
    name: 'stale-reschedule',
    description:
      'tasks re-scheduled once stale while their first runs still go on (type timeout 60 s)',
    run: (ctx, quick) => staleReschedule(ctx, { tasks: quick ? 4 : 10 }),
  },
];
