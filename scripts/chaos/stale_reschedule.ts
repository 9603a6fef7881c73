// Chaos scenario: a stale task re-scheduled while its first run still goes on.
import { readRecords, scheduleTasks } from '../system/e2e_workload';
import { waitFor } from '../system/wait_for';
import { account } from './accounting';
import { settle, statusById, type ChaosContext } from './chaos_run';
import { ids, startsOf, withSystem } from './scenarios';

const NEW_RUN_MS = 500;

export interface StaleRescheduleOptions {
  tasks: number;
}

/**
 * Tasks of 20 s go stale (threshold 2 s, no progress reported) and are re-scheduled as 0.5 s
 * runs while the first runs still go on; type timeout 60 s. Accounts for the new runs only.
 */
export function staleReschedule(ctx: ChaosContext, { tasks }: StaleRescheduleOptions) {
  const staleSettings = {
    'xpack.background_tasks.stale_threshold_ms': 2000,
    'xpack.background_tasks.cancellation_check_interval_ms': 200,
  };
  return withSystem(
    { es: ctx.es, esUrl: ctx.esUrl, name: 'stale', timeout: '60s', hostSettings: staleSettings },
    async (system) => {
      const all = ids('stale', tasks);
      await scheduleTasks(system.hosts, all, () => ({ params: { ms: 20_000 } }));
      await startsOf(ctx, system, tasks);
      await waitFor(
        async () => {
          const docs = await ctx.es.mget<{ run_started_at?: string }>({
            index: system.indices.tracking,
            ids: all,
          });
          return docs.docs.every(
            (d) => 'found' in d && Date.now() - Date.parse(d._source?.run_started_at ?? '') > 2500
          );
        },
        { timeoutMs: 20_000, description: 'the runs to go stale' }
      );
      const rescheduledAt = Date.now();
      await scheduleTasks(system.hosts, all, () => ({ params: { ms: NEW_RUN_MS } }));
      const settled = await settle({
        es: ctx.es,
        system,
        ids: all,
        faultEndAt: rescheduledAt,
        deadlineMs: 90_000,
      });
      // The new runs only (0.5 s): a new run may take the node and attempt number of the stale
      // run it replaced, once that one ended.
      const records = await readRecords(ctx.es, system.indices.executions);
      const fresh = records.filter((r) => r.ms === NEW_RUN_MS);
      const statuses = await statusById(ctx.es, system.indices.tracking, all);
      const firstNewStart = fresh
        .filter((r) => r.event === 'start')
        .reduce((min, r) => Math.min(min, r.at), Infinity);
      return {
        ...account({ ids: all, records: fresh, statuses }),
        fault: `${tasks} runs of 20 s re-scheduled as 0.5 s runs once stale (threshold 2 s), type timeout 60 s`,
        recoverMs: settled.recoverMs,
        measures: {
          firstNewRunStartedAfterMs: Number.isFinite(firstNewStart)
            ? firstNewStart - rescheduledAt
            : 'never',
          newRunsOverlappingTheStaleOnes: fresh.filter(
            (r) => r.event === 'start' && r.at < rescheduledAt + 20_000
          ).length,
        },
        notes: settled.notes,
      };
    }
  );
}
