// The chaos scenarios: each starts a fresh system, runs `e2e:work` tasks, injects one fault and
// accounts for every task (see chaos_run.ts). Sizes are parameters so the smoke test runs small.
import { DEFAULT_LEASE } from '../../dispatcher/src/config';
import { readRecords, scheduleTasks } from '../system/e2e_workload';
import { TcpProxy } from '../system/tcp_proxy';
import { waitFor } from '../system/wait_for';
import {
  hostLinesAbout,
  hostWarnings,
  settle,
  sleep,
  type ChaosContext,
  type ScenarioResult,
} from './chaos_run';
import { startChaosSystem, type ChaosSystem } from './chaos_system';

export const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** Waits until `count` runs started (on `node` when given); returns the start records. */
export async function startsOf(
  ctx: { es: ChaosContext['es'] },
  system: ChaosSystem,
  count: number,
  node?: string
) {
  return waitFor(
    async () => {
      const starts = (await readRecords(ctx.es, system.indices.executions)).filter(
        (r) => r.event === 'start' && (node === undefined || r.node === node)
      );
      return starts.length >= count ? starts : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 200, description: `${count} runs to start` }
  );
}

/** Starts a system, runs `body`, and always stops the system. */
export async function withSystem(
  options: Parameters<typeof startChaosSystem>[0],
  body: (system: ChaosSystem) => Promise<Omit<ScenarioResult, 'scenario' | 'durationMs'>>
) {
  const system = await startChaosSystem(options);
  try {
    return await body(system);
  } finally {
    await system.stop();
  }
}

/** A TCP proxy in front of the suite's Elasticsearch for `body`, always taken down after it. */
async function withEsProxy<T>(ctx: ChaosContext, body: (proxy: TcpProxy) => Promise<T>) {
  const target = new URL(ctx.esUrl);
  const proxy = new TcpProxy(await TcpProxy.freePort(), {
    host: target.hostname,
    port: Number(target.port),
  });
  await proxy.up();
  try {
    return await body(proxy);
  } finally {
    await proxy.down();
  }
}

export interface HostKillOptions {
  tasks: number;
  /** @defaultValue 2000 */
  runMs?: number;
}

/** `kill -9` of one of two hosts while both run tasks; its runs come back after their timeout. */
export function hostKill(ctx: ChaosContext, { tasks, runMs = 2000 }: HostKillOptions) {
  return withSystem(
    { es: ctx.es, esUrl: ctx.esUrl, name: 'host-kill', timeout: '4s' },
    async (system) => {
      const [victim, survivor] = system.hosts;
      const all = ids('kill', tasks);
      // Through the survivor only: the victim stops answering.
      await scheduleTasks([survivor], all, () => ({ params: { ms: runMs } }), 8);
      await startsOf(ctx, system, Math.min(5, Math.ceil(tasks / 4)), victim.uuid);
      const killedAt = Date.now();
      await victim.kill();
      const settled = await settle({
        es: ctx.es,
        system,
        ids: all,
        faultEndAt: killedAt,
        deadlineMs: 120_000,
        kills: [{ node: victim.uuid, at: killedAt }],
      });
      return {
        ...settled.accounting,
        fault: `kill -9 of 1 of 2 hosts, ${tasks} tasks of ${runMs} ms, type timeout 4 s`,
        recoverMs: settled.recoverMs,
        measures: {
          cutOffRuns:
            settled.records.filter(
              (r) => r.event === 'start' && r.node === victim.uuid && r.at <= killedAt
            ).length -
            settled.records.filter(
              (r) => r.event === 'end' && r.node === victim.uuid && r.at <= killedAt
            ).length,
          lastStartAfterKillMs: Math.max(
            0,
            ...settled.records.filter((r) => r.event === 'start').map((r) => r.at - killedAt)
          ),
        },
        notes: settled.notes,
      };
    }
  );
}

/** SIGKILL of the leading dispatcher of two, at the default lease, while tasks are scheduled. */
export function leaderKill(ctx: ChaosContext, { tasks }: { tasks: number }) {
  return withSystem(
    { es: ctx.es, esUrl: ctx.esUrl, name: 'leader-kill', timeout: '5s', dispatchers: 2 },
    async (system) => {
      const all = ids('leader', tasks);
      const scheduling = scheduleTasks(system.hosts, all, () => ({ params: { ms: 200 } }), 4);
      await startsOf(ctx, system, Math.ceil(tasks / 4));
      const health = await Promise.all(system.dispatchers.map((d) => d.health()));
      const leader = health.findIndex((h) => h.leader);
      if (leader < 0) throw new Error('no dispatcher leads');
      const [dead, standby] = [system.dispatchers[leader], system.dispatchers[1 - leader]];
      const killedAt = Date.now();
      dead.kill('SIGKILL');
      await dead.waitForExit();
      await waitFor(async () => (await standby.health()).leader, {
        timeoutMs: 6 * DEFAULT_LEASE.duration_ms,
        intervalMs: 20,
        description: 'the standby to lead',
      });
      const takeoverMs = Date.now() - killedAt;
      await scheduling;
      const settled = await settle({
        es: ctx.es,
        system,
        ids: all,
        faultEndAt: killedAt,
        deadlineMs: 120_000,
      });
      return {
        ...settled.accounting,
        fault: `SIGKILL of the leader of 2 dispatchers (lease ${DEFAULT_LEASE.duration_ms} ms), ${tasks} tasks of 200 ms`,
        recoverMs: settled.recoverMs,
        measures: { takeoverMs },
        notes: settled.notes,
      };
    }
  );
}

export interface EsStopOptions {
  outageMs: number;
  /** tasks running when Elasticsearch stops, each of 4 s; as many quick ones and as many due mid-outage */
  tasks: number;
}

/** Elasticsearch (the suite's own) stopped for `outageMs` and started again, type timeout 10 s. */
export async function esStop(ctx: ChaosContext, { outageMs, tasks }: EsStopOptions) {
  const own = await ctx.ownElasticsearch();
  return withSystem(
    { es: own.client, esUrl: own.url, name: `es-stop-${outageMs / 1000}s`, timeout: '10s' },
    async (system) => {
      const long = ids('long', tasks);
      const quick = ids('quick', tasks);
      const later = ids('later', tasks);
      // The end records wait for Elasticsearch outside the runs: a run's work ends within its
      // timeout, and its outcome waits out the outage (docs/outcomes_through_outages.md).
      const work = (ms: number) => ({ params: { ms, awaitEnd: false } });
      await scheduleTasks(system.hosts, long, () => work(4000));
      await scheduleTasks(system.hosts, quick, () => work(100));
      const runAt = new Date(Date.now() + 6000).toISOString();
      await scheduleTasks(system.hosts, later, () => ({ ...work(100), runAt }));
      await startsOf({ es: own.client }, system, Math.min(tasks, 10));
      await own.stop();
      const stoppedAt = Date.now();
      await sleep(outageMs);
      await own.start();
      const faultEndAt = Date.now();
      const all = [...long, ...quick, ...later];
      const settled = await settle({
        es: own.client,
        system,
        ids: all,
        faultEndAt,
        deadlineMs: 180_000,
      });
      return {
        ...settled.accounting,
        fault: `Elasticsearch down ${((faultEndAt - stoppedAt) / 1000).toFixed(1)} s (restart included), ${all.length} tasks, type timeout 10 s`,
        recoverMs: settled.recoverMs,
        measures: { downMs: faultEndAt - stoppedAt },
        notes: [
          ...settled.notes,
          ...(settled.accounting.lost + settled.accounting.stuck > 0 ? hostWarnings(system) : []),
          ...hostLinesAbout(system, settled.accounting.examples.ranTwice),
        ],
      };
    }
  );
}

export interface SlowEsOptions {
  latencyMs: number;
  slowForMs: number;
  tasks: number;
}

/** Latency added to every packet between the system (hosts and dispatcher) and Elasticsearch. */
export function slowEs(ctx: ChaosContext, { latencyMs, slowForMs, tasks }: SlowEsOptions) {
  return withEsProxy(ctx, (proxy) =>
    withSystem(
      { es: ctx.es, esUrl: proxy.url, name: 'slow-es', timeout: '10s' },
      async (system) => {
        const all = ids('slow', tasks);
        const slowAt = Date.now();
        proxy.latencyMs = latencyMs;
        await scheduleTasks(system.hosts, all, () => ({ params: { ms: 1000 } }), 16);
        const scheduledMs = Date.now() - slowAt;
        await sleep(Math.max(0, slowAt + slowForMs - Date.now()));
        proxy.latencyMs = 0;
        const faultEndAt = Date.now();
        const settled = await settle({
          es: ctx.es,
          system,
          ids: all,
          faultEndAt,
          deadlineMs: 120_000,
        });
        return {
          ...settled.accounting,
          fault: `+${latencyMs} ms each way for ${((faultEndAt - slowAt) / 1000).toFixed(1)} s, ${tasks} tasks of 1 s scheduled while slow`,
          recoverMs: settled.recoverMs,
          measures: { scheduledMs },
          notes: settled.notes,
        };
      }
    )
  );
}

export interface PartitionOptions {
  cutForMs: number;
  tasks: number;
}

/** One host cut off from Elasticsearch (its own proxy down) but not from the dispatcher. */
export function hostPartition(ctx: ChaosContext, { cutForMs, tasks }: PartitionOptions) {
  return withEsProxy(ctx, (proxy) =>
    withSystem(
      {
        es: ctx.es,
        esUrl: ctx.esUrl,
        name: 'host-partition',
        timeout: '10s',
        hostEsUrl: (i) => (i === 0 ? proxy.url : undefined),
      },
      async (system) => {
        const [cut, other] = system.hosts;
        const all = ids('cut', tasks);
        await scheduleTasks([other], all, () => ({ params: { ms: 3000 } }), 8);
        await startsOf(ctx, system, Math.min(3, tasks), cut.uuid);
        await proxy.down();
        const cutAt = Date.now();
        await sleep(cutForMs);
        await proxy.up();
        const faultEndAt = Date.now();
        const settled = await settle({
          es: ctx.es,
          system,
          ids: all,
          faultEndAt,
          deadlineMs: 120_000,
        });
        const records = await readRecords(ctx.es, system.indices.executions);
        const onCut = new Set(records.filter((r) => r.node === cut.uuid).map((r) => r.task_id));
        const rerun = [...onCut].filter((id) =>
          records.some((r) => r.task_id === id && r.node === other.uuid)
        );
        return {
          ...settled.accounting,
          fault: `host 0's own proxy to Elasticsearch down ${((faultEndAt - cutAt) / 1000).toFixed(1)} s, ${tasks} tasks of 3 s, type timeout 10 s`,
          recoverMs: settled.recoverMs,
          measures: { tasksOnCutHost: onCut.size, alsoRanOnOtherHost: rerun.length },
          notes: [...settled.notes, ...hostWarnings(system, 2)],
        };
      }
    )
  );
}
