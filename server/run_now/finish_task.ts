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
import { landedVersion } from './landed_write';
import type { VerifiedClaim } from './verify_claim';
import { writeTask, type TaskWriteClient } from '../../common/task_lifecycle/write_task';

/**
 * A recurring task's next run counts from its previous scheduled `runAt`, however late the
 * run started, so a schedule never drifts (a next run in the past is clamped to now). Kibana
 * counts from `startedAt` after a delay longer than its poll interval; a push has no poll.
 */
const COUNT_NEXT_RUN_FROM_RUN_AT = Number.POSITIVE_INFINITY;

export type FinishResult = FinishOutcome | 'lost_fence';

export interface FinishTaskOptions {
  /** the node's buffered writer (or any client): the finish may share a `_bulk` */
  writer: TaskWriteClient;
  index: string;
  /**
   * reads the task after a conflict, to tell our own landed write (retried after its answer
   * was lost) from a newer owner's (`landedVersion`). @defaultValue a conflict is another's
   */
  reader?: ElasticsearchClient;
  definition: TaskLifecycleDefinition;
  /** max attempts for a type that sets none */
  defaultMaxAttempts: number;
  logger: Logger;
  now?: Date;
  /** when the run's work ended (see FinishWriteOptions.endedAt). @defaultValue now */
  endedAt?: Date;
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
  {
    writer,
    index,
    reader,
    definition,
    defaultMaxAttempts,
    logger,
    now = new Date(),
    endedAt,
  }: FinishTaskOptions
): Promise<FinishResult> {
  const { task } = claim;
  const { outcome, write } = finishWrite(task, result, {
    fence: toFence(claim.seqNo, claim.primaryTerm),
    definition,
    defaultMaxAttempts,
    pollInterval: COUNT_NEXT_RUN_FROM_RUN_AT,
    now,
    endedAt,
  });
  if (!write) return outcome;
  // Through an Elasticsearch outage of any length the write is retried until it lands or the
  // fence refuses it: the node's heartbeat vouches for the run meanwhile, so the dispatcher
  // does not re-run it when the claim's retryAt passes (docs/outcomes_through_outages.md).
  try {
    await withTransientRetry(() => writeTask(writer, index, write), Number.POSITIVE_INFINITY);
    return outcome;
  } catch (caught) {
    if (isVersionConflict(caught) || isNotFound(caught)) {
      if (reader && (await landedVersion(reader, index, write))) return outcome;
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
