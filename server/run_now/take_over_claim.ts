// Accepting a push is a fenced write: the node takes the dispatcher's claim over before its 202.
import type { ElasticsearchClient } from '@kbn/core/server';
import { taskDocumentId } from '../../common/task_document';
import { isNotFound, isVersionConflict } from '../lib/es_errors';
import type { VerifiedClaim } from './verify_claim';

export interface TakeOverClaimOptions {
  esClient: ElasticsearchClient;
  /** the task index */
  index: string;
  now?: Date;
}

/**
 * Rewrites `startedAt` to now (the run starts now) and moves `retryAt` by as much, so the claim
 * lasts the type's timeout from the real start; fenced by the pushed claim version. Answers
 * the claim at the version this write returned — the one the run's finish (or release) is
 * fenced by — or undefined when the write conflicts: the dispatcher released the claim (its
 * push timed out) or it changed otherwise, and the node must run nothing. Exactly one of the
 * two fenced writes wins, so a task is never both running here and re-dispatched.
 */
export async function takeOverClaim(
  claim: VerifiedClaim,
  { esClient, index, now = new Date() }: TakeOverClaimOptions
): Promise<VerifiedClaim | undefined> {
  const { task } = claim;
  const shift = task.startedAt ? now.getTime() - task.startedAt.getTime() : 0;
  const retryAt = task.retryAt ? new Date(task.retryAt.getTime() + Math.max(0, shift)) : null;
  let response;
  try {
    response = await esClient.update({
      index,
      id: taskDocumentId(task.id),
      if_seq_no: claim.seqNo,
      if_primary_term: claim.primaryTerm,
      refresh: false,
      doc: {
        updated_at: now.toISOString(),
        task: { startedAt: now.toISOString(), retryAt: retryAt?.toISOString() ?? null },
      },
    });
  } catch (caught) {
    if (isVersionConflict(caught) || isNotFound(caught)) return undefined;
    throw caught;
  }
  return {
    task: { ...task, startedAt: now, retryAt },
    seqNo: response._seq_no as number,
    primaryTerm: response._primary_term as number,
  };
}
