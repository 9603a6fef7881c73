// Writes what a pushed run's task document becomes, fenced by the version the claim holds.
import type { ElasticsearchClient, Logger } from '@kbn/core/server';
import type { RunResult } from '@kbn/task-manager-plugin/server/task';
import {
  finishWrite,
  toFence,
  type FinishOutcome,
  type TaskLifecycleDefinition,
} from '../../common/task_lifecycle';
import { isNotFound, isVersionConflict } from '../lib/es_errors';
import { withTransientRetry } from '../lib/with_transient_retry';
import type { VerifiedClaim } from './verify_claim';
import { writeTask } from '../../common/task_lifecycle/write_task';

/**
 * A recurring task's next run counts from its previous scheduled `runAt`, however late the
 * run started, so a schedule never drifts (a next run in the past is clamped to now). Kibana
 * counts from `startedAt` after a delay longer than its poll interval; a push has no poll.
 */
const COUNT_NEXT_RUN_FROM_RUN_AT = Number.POSITIVE_INFINITY;

export type FinishResult = FinishOutcome | 'lost_fence';

export interface FinishTaskOptions {
  esClient: ElasticsearchClient;
  index: string;
  definition: TaskLifecycleDefinition;
  /** max attempts for a type that sets none */
  defaultMaxAttempts: number;
  logger: Logger;
  now?: Date;
}

/**
 * One-shot success: the document is removed. Recurring success: idle at the next run with the
 * new state, attempts 0, owner cleared. Failure: retried with backoff until max attempts, then
 * `failed`. A run that outlived its timeout writes nothing (the claim lapses at `retryAt`).
 * When the fence is lost (the claim was taken away), nothing is overwritten.
 */
export async function finishTask(
  claim: VerifiedClaim,
  result: RunResult,
  { esClient, index, definition, defaultMaxAttempts, logger, now = new Date() }: FinishTaskOptions
): Promise<FinishResult> {
  const { task } = claim;
  const { outcome, write } = finishWrite(task, result, {
    fence: toFence(claim.seqNo, claim.primaryTerm),
    definition,
    defaultMaxAttempts,
    pollInterval: COUNT_NEXT_RUN_FROM_RUN_AT,
    now,
  });
  if (!write) return outcome;
  // Through a short Elasticsearch outage the write is retried while the claim is ours, i.e.
  // until its retryAt; after that the dispatcher re-dispatches it and the fence would refuse us.
  const budgetMs = task.retryAt ? Math.max(0, task.retryAt.getTime() - Date.now()) : 0;
  try {
    await withTransientRetry(() => writeTask(esClient, index, write), budgetMs);
    return outcome;
  } catch (caught) {
    if (isVersionConflict(caught) || isNotFound(caught)) {
      logger.warn(
        `Task [${task.id}] (${task.taskType}) finished, but its claim was taken away meanwhile: ` +
          `nothing written, the newer owner's work stands`,
        { tags: ['push', 'lost-fence'] }
      );
      return 'lost_fence';
    }
    throw caught;
  }
}
