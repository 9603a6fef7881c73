// Gives a claimed task back (idle, unowned, attempts as before) so the dispatcher re-dispatches it.
import { releaseWrite, toFence } from '../../common/task_lifecycle';
import { isNotFound, isVersionConflict } from '../lib/es_errors';
import type { VerifiedClaim } from './verify_claim';
import { writeTask, type TaskWriteClient } from '../../common/task_lifecycle/write_task';

export type ReleaseResult = 'released' | 'lost_fence';

/**
 * For runs this node could not finish through no fault of the task (shutdown, no room in Task
 * Manager): the attempt is not counted. Fenced by the claim's version, so a claim that changed
 * since (lapsed and claimed for another node) is left alone.
 */
export async function releaseClaim(
  claim: VerifiedClaim,
  { writer, index, now = new Date() }: { writer: TaskWriteClient; index: string; now?: Date }
): Promise<ReleaseResult> {
  try {
    const fence = toFence(claim.seqNo, claim.primaryTerm);
    await writeTask(writer, index, releaseWrite(claim.task, { fence, now }));
    return 'released';
  } catch (caught) {
    if (isVersionConflict(caught) || isNotFound(caught)) return 'lost_fence';
    throw caught;
  }
}
