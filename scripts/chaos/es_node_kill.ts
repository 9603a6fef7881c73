// Chaos scenario: a 3-node Elasticsearch cluster on loopback, the system's indices at one replica,
// and the node holding the tasks index's primary killed (`kill -9`) while tasks run.
import { Client } from '@elastic/elasticsearch';
import { startElasticsearchCluster, type RunningCluster } from '../es/elasticsearch_cluster';
import { scheduleTasks, type RunRecord } from '../system/e2e_workload';
import { hostWarnings, settle, sleep, type ChaosContext } from './chaos_run';
import type { DispatcherProcess } from '../system/dispatcher_process';
import type { ChaosSystem } from './chaos_system';
import { ids, startsOf, withSystem } from './scenarios';

export interface EsNodeKillOptions {
  tasks: number;
  /** each task's run, in ms. @defaultValue 1000 */
  runMs?: number;
}

interface ShardRow {
  index: string;
  prirep: 'p' | 'r';
  state: string;
  node: string | null;
}

async function shards(es: Client, indices: string[]): Promise<ShardRow[]> {
  return (await es.cat.shards({
    index: indices,
    format: 'json',
    h: ['index', 'prirep', 'state', 'node'],
  })) as unknown as ShardRow[];
}

/**
 * Gives each of the system's indices one replica (they auto-expand to it on three nodes; the
 * recorder's index gets it set) and waits until all are green. Returns `index: replicas`.
 */
async function oneReplicaEach(es: Client, system: ChaosSystem): Promise<string[]> {
  const indices = Object.values(system.indices);
  const settings = await es.indices.getSettings({ index: indices, expand_wildcards: 'all' });
  const missing = indices.filter((index) => !(index in settings));
  if (missing.length > 0) throw new Error(`indices not created by the system: ${missing}`);
  for (const index of indices) {
    if (settings[index].settings?.index?.number_of_replicas === '1') continue;
    await es.indices.putSettings({ index, settings: { index: { number_of_replicas: 1 } } });
  }
  const health = await es.cluster.health({
    index: indices,
    expand_wildcards: 'all',
    wait_for_status: 'green',
    timeout: '60s',
  });
  if (health.status !== 'green') throw new Error(`indices ${health.status}, not green, after 60 s`);
  const after = await es.indices.getSettings({ index: indices, expand_wildcards: 'all' });
  return indices.map((index) => {
    const { number_of_replicas, auto_expand_replicas } = after[index].settings?.index ?? {};
    return `${index.replace(/.*-/, '')} ${number_of_replicas}${auto_expand_replicas ? ` (auto ${String(auto_expand_replicas)})` : ''}`;
  });
}

/**
 * What a survivor reports after the kill: the tasks index yellow, its primary on another node.
 * Green comes later: the lost replica is reallocated only after
 * `index.unassigned.node_left.delayed_timeout` (1 min).
 */
interface Failover {
  yellowMs?: number;
  primaryPromotedMs?: number;
  /** each change of (health, primary's node), e.g. "2890 ms yellow, primary on node-0" */
  transitions: string[];
  pollErrors: number;
}

/** Polls a survivor every 50 ms until `done()`, noting each change it sees. */
async function watchFailover(
  survivors: Client,
  index: string,
  victim: string,
  killedAt: number,
  done: () => boolean
): Promise<Failover> {
  const seen: Failover = { transitions: [], pollErrors: 0 };
  let last = '';
  while (!done()) {
    try {
      const [health, rows] = await Promise.all([
        survivors.cluster.health({ index, expand_wildcards: 'all', timeout: '1s' }),
        shards(survivors, [index]),
      ]);
      const at = Date.now() - killedAt;
      const primary = rows.find((r) => r.prirep === 'p' && r.state === 'STARTED')?.node;
      const state = `${health.status}, primary on ${primary?.replace(/.*-node-/, 'node-') ?? 'none'}`;
      if (state !== last) seen.transitions.push(`${at} ms ${state}`);
      last = state;
      if (health.status === 'yellow') seen.yellowMs ??= at;
      if (primary !== undefined && primary !== victim) seen.primaryPromotedMs ??= at;
    } catch {
      // no master elected yet, or the survivor was busy: the next poll tells
      seen.pollErrors++;
    }
    await sleep(50);
  }
  return seen;
}

/** Run starts per second before and after the kill, and the longest pause in starts after it. */
function startPace(records: RunRecord[], killedAt: number) {
  const starts = records
    .filter((r) => r.event === 'start')
    .map((r) => r.at)
    .sort((a, b) => a - b);
  const before = starts.filter((at) => at <= killedAt);
  const after = starts.filter((at) => at > killedAt);
  const perSecond = (list: number[], from: number, to: number) =>
    list.length === 0 ? 0 : Number(((list.length * 1000) / Math.max(1, to - from)).toFixed(1));
  let longestGap = 0;
  [killedAt, ...after].forEach((at, i, all) => {
    if (i > 0) longestGap = Math.max(longestGap, at - all[i - 1]);
  });
  return {
    startsBeforeKill: before.length,
    startsPerSecondBefore: perSecond(before, before[0] ?? killedAt, killedAt),
    startsPerSecondAfter: perSecond(after, killedAt, after[after.length - 1] ?? killedAt),
    longestStartGapAfterKillMs: longestGap,
  };
}

/**
 * Tasks whose first recorded run is not their first attempt: attempt 1 was claimed but never
 * started (a claim whose answer was lost waits for its retryAt), with when the later one began.
 */
function lateFirstRuns(records: RunRecord[], killedAt: number): string[] {
  const first = new Map<string, RunRecord>();
  for (const r of records)
    if (r.event === 'start' && r.attempts < (first.get(r.task_id)?.attempts ?? Infinity))
      first.set(r.task_id, r);
  return [...first.values()]
    .filter((r) => r.attempts > 1)
    .map((r) => `${r.task_id} attempt ${r.attempts} at +${r.at - killedAt} ms`);
}

/** The dispatcher's unlabelled counters the scenario compares (read as its own tests read them). */
async function dispatcherCounters(dispatcher: DispatcherProcess) {
  const text = await (await fetch(`${await dispatcher.url()}/metrics`)).text();
  const counter = (name: string) =>
    Number(new RegExp(`^background_tasks_dispatcher_${name} (\\S+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    claims: counter('claims_total'),
    conflicts: counter('claim_conflicts_total'),
    esErrors: counter('elasticsearch_errors_total'),
  };
}

const isWarning = (line: Record<string, unknown>) =>
  line['log.level'] === 'warn' || line['log.level'] === 'error';

const ms = (value: number | undefined) => value ?? 'not seen';

/**
 * Starts a 3-node cluster (512 MB heap each), a system on all three URLs, and kills the node
 * holding the tasks index's primary once a quarter of the runs started; type timeout 10 s.
 */
export async function esNodeKill(ctx: ChaosContext, { tasks, runMs = 1000 }: EsNodeKillOptions) {
  ctx.log('starting a 3-node Elasticsearch cluster on loopback (512 MB heap each)');
  const clusterStartedAt = Date.now();
  let cluster: RunningCluster | undefined;
  // Whatever happens, no node outlives the scenario (each node's watchdog also sees to it).
  const killOnExit = () => cluster?.nodes.forEach((n) => void n.kill());
  process.once('exit', killOnExit);
  try {
    cluster = await startElasticsearchCluster({ nodes: 3, heap: '512m' });
    ctx.log(`cluster up in ${((Date.now() - clusterStartedAt) / 1000).toFixed(1)} s`);
    // Reaches whichever node survives: a request to the dead one is retried on another.
    const es = new Client({ nodes: cluster.urls });
    try {
      return await runOnCluster(ctx, cluster, es, tasks, runMs);
    } finally {
      await es.close();
    }
  } finally {
    await cluster?.stop();
    process.off('exit', killOnExit);
  }
}

async function runOnCluster(
  ctx: ChaosContext,
  cluster: RunningCluster,
  es: Client,
  tasks: number,
  runMs: number
) {
  return withSystem(
    {
      es,
      esUrl: cluster.urls,
      name: 'es-node-kill',
      timeout: '10s',
    },
    async (system) => {
      const replicas = await oneReplicaEach(es, system);
      const all = ids('esnode', tasks);
      await scheduleTasks(system.hosts, all, () => ({ params: { ms: runMs } }), 8);
      await startsOf({ es }, system, Math.ceil(tasks / 4));

      const indices = Object.values(system.indices);
      const before = await shards(es, indices);
      const victimName = before.find(
        (r) => r.index === system.indices.tasks && r.prirep === 'p'
      )?.node;
      const victim = cluster.nodes.find((n) => n.name === victimName);
      if (!victim) throw new Error(`no node holds the tasks index's primary: ${victimName}`);
      const master = (await es.cat.master({ format: 'json' }))[0]?.node;
      const heldPrimaries = before
        .filter((r) => r.prirep === 'p' && r.node === victim.name)
        .map((r) => r.index.replace(/.*-/, ''));
      const survivors = new Client({
        nodes: cluster.urls.filter((url) => url !== victim.url),
        requestTimeout: 2000,
      });
      const dispatcher = system.dispatchers[0];
      const logMark = dispatcher.logs.length;
      const countersBefore = await dispatcherCounters(dispatcher);

      const killedAt = Date.now();
      await victim.kill();
      ctx.log(`killed ${victim.name} (primaries: ${heldPrimaries.join(', ')})`);
      let settledYet = false;
      const failover = watchFailover(
        survivors,
        system.indices.tasks,
        victim.name,
        killedAt,
        () => settledYet
      );
      const settled = await settle({
        es,
        system,
        ids: all,
        faultEndAt: killedAt,
        deadlineMs: 120_000,
      }).finally(() => {
        settledYet = true;
        void failover.finally(() => survivors.close());
      });
      const seen = await failover;
      const countersAfter = await dispatcherCounters(dispatcher);
      const late = lateFirstRuns(settled.records, killedAt);

      const logs = dispatcher.logs.slice(logMark);
      const failedCycles = logs.filter((l) =>
        String(l.message).startsWith('Dispatch cycle failed')
      ).length;
      const warnings = [
        ...new Set(logs.filter((l) => isWarning(l)).map((l) => String(l.message).slice(0, 160))),
      ];
      const problems = settled.accounting.lost + settled.accounting.stuck > 0;
      return {
        ...settled.accounting,
        fault:
          `kill -9 of 1 of 3 Elasticsearch nodes: the one holding the tasks index's primary ` +
          `(${heldPrimaries.length} of the ${indices.length} indices' primaries` +
          `${victim.name === master ? ', the elected master' : ''}), ` +
          `${tasks} tasks of ${runMs} ms, type timeout 10 s`,
        recoverMs: settled.recoverMs,
        measures: {
          tasksIndexYellowMs: ms(seen.yellowMs),
          primaryPromotedMs: ms(seen.primaryPromotedMs),
          ...startPace(settled.records, killedAt),
          firstAttemptNeverStarted: late.length,
          pushesRefusedAfterKill: logs.filter((l) => String(l.message).includes('refused task'))
            .length,
          failedDispatchCycles: failedCycles,
          claimConflictsAfterKill: countersAfter.conflicts - countersBefore.conflicts,
          dispatcherEsErrorsAfterKill: countersAfter.esErrors - countersBefore.esErrors,
          dispatcherWarnings: logs.filter((l) => isWarning(l)).length,
        },
        notes: [
          ...settled.notes,
          `replicas: ${replicas.join(', ')}`,
          `killed ${victim.name} (master ${master}); primaries it held: ${heldPrimaries.join(', ')}; ${seen.pollErrors} failed polls of a survivor; then ${seen.transitions.join(' → ')}`,
          ...(late.length > 0
            ? [`first recorded run not attempt 1: ${late.slice(0, 5).join(', ')}`]
            : []),
          ...warnings.slice(0, 5).map((w) => `dispatcher: ${w}`),
          ...hostWarnings(system, problems ? 3 : 1),
        ],
      };
    }
  );
}
