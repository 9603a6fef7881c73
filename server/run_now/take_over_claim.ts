// Accepting a push is a fenced write: the node takes the dispatcher's claim over before its 202.
import type { ElasticsearchClient } from '@kbn/core/server';
import { takeOverWrite, toFence } from '../../common/task_lifecycle';
import { isNotFound, isVersionConflict } from '../lib/es_errors';
import { landedVersion } from './landed_write';
import type { VerifiedClaim } from './verify_claim';
import { writeTask, type TaskWriteClient } from '../../common/task_lifecycle/write_task';

export interface TakeOverClaimOptions {
  /** the node's buffered writer (or any client): the take-over may share a `_bulk` */
  writer: TaskWriteClient;
  /** the task index */
  index: string;
  /**
   * reads the task after a conflict, to tell our own landed write from another's
   * (`landedVersion`). @defaultValue a conflict is another's write
   */
  reader?: ElasticsearchClient;
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
  { writer, index, reader, now = new Date() }: TakeOverClaimOptions
): Promise<VerifiedClaim | undefined> {
  const { task } = claim;
  const write = takeOverWrite(task, { fence: toFence(claim.seqNo, claim.primaryTerm), now });
  let written;
  try {
    written = await writeTask(writer, index, write);
  } catch (caught) {
    if (isNotFound(caught)) return undefined;
    if (!isVersionConflict(caught)) throw caught;
    const landed = reader ? await landedVersion(reader, index, write) : undefined;
    if (landed === undefined || landed === 'deleted') return undefined;
    written = landed;
  }
  const { retryAt } = write.doc.task;
  return {
    task: { ...task, startedAt: now, retryAt: retryAt ? new Date(retryAt) : null },
    seqNo: written!.seqNo,
    primaryTerm: written!.primaryTerm,
  };
}
