// Accepting a push is a fenced write: the node takes the dispatcher's claim over before its 202.
import type { ElasticsearchClient } from '@kbn/core/server';
import { takeOverWrite, toFence, type TaskUpdateWrite } from '../../common/task_lifecycle';
import { taskDocumentId } from '../../common/task_document';
import { isNotFound, isVersionConflict } from '../lib/es_errors';
import type { VerifiedClaim } from './verify_claim';
import { writeTask, type TaskWriteClient } from '../../common/task_lifecycle/write_task';

export interface TakeOverClaimOptions {
  /** the node's buffered writer (or any client): the take-over may share a `_bulk` */
  writer: TaskWriteClient;
  /** the task index */
  index: string;
  /**
   * reads the task after a conflict, to tell our own landed write from another's (see
   * `landedVersion`). @defaultValue a conflict is another's write
   */
  reader?: ElasticsearchClient;
  now?: Date;
}

/**
 * After a conflict, the version our own write left, if it is the one stored. The request may
 * have landed and only its answer been lost (an Elasticsearch node died); the client then sent
 * it again to another node, which answered 409 against our own first write. The take-over's
 * fields (owner, a `startedAt` to the millisecond, `retryAt`) are then exactly as written.
 */
async function landedVersion(
  reader: ElasticsearchClient,
  index: string,
  write: TaskUpdateWrite,
  ownerId: string | null | undefined
) {
  const hit = await reader.get<{ task?: Record<string, unknown> }>({
    index,
    id: taskDocumentId(write.id),
    realtime: true,
  });
  const stored = hit._source?.task;
  const wrote = write.doc.task;
  const ours =
    stored !== undefined &&
    stored.status === 'running' &&
    stored.ownerId === ownerId &&
    stored.startedAt === wrote.startedAt &&
    stored.retryAt === wrote.retryAt;
  return ours && hit._seq_no != null && hit._primary_term != null
    ? { seqNo: hit._seq_no, primaryTerm: hit._primary_term }
    : undefined;
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
    written = reader ? await landedVersion(reader, index, write, task.ownerId) : undefined;
    if (!written) return undefined;
  }
  const { retryAt } = write.doc.task;
  return {
    task: { ...task, startedAt: now, retryAt: retryAt ? new Date(retryAt) : null },
    seqNo: written!.seqNo,
    primaryTerm: written!.primaryTerm,
  };
}
