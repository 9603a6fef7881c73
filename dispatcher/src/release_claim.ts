// Releasing a claim whose push failed or was refused: the kernel's release write (idle,
// unowned, attempts as before), fenced by the claim's version so a node that did start it wins.
import type { Client } from '@elastic/elasticsearch';
import { releaseWrite, toFence } from '../../common/task_lifecycle';
import { writeTask } from '../../common/task_lifecycle/write_task';
import type { ClaimedTask } from './claim_tasks';
import { isConflict, isNotFound } from './errors';

export type ReleaseOutcome = 'released' | 'conflict';

export async function releaseClaim(
  es: Client,
  index: string,
  claim: ClaimedTask,
  now = Date.now()
): Promise<ReleaseOutcome> {
  const write = releaseWrite(claim, {
    fence: toFence(claim.seqNo, claim.primaryTerm),
    now: new Date(now),
  });
  try {
    await writeTask(es, index, write);
    return 'released';
  } catch (error) {
    if (isConflict(error) || isNotFound(error)) return 'conflict';
    throw error;
  }
}
