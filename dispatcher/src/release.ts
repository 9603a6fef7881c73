// Releasing a claim whose push failed or was refused: the task is idle and unowned again, with
// its attempts as before, fenced by the claim's version so a node that did start it wins.
import type { Client } from '@elastic/elasticsearch';
import type { ClaimedTask } from './claim';
import { isConflict, isNotFound } from './errors';
import { taskDocId } from './task_fields';

export type ReleaseOutcome = 'released' | 'conflict';

export async function releaseClaim(
  es: Client,
  index: string,
  claim: ClaimedTask,
  now = Date.now()
): Promise<ReleaseOutcome> {
  try {
    await es.update({
      index,
      id: taskDocId(claim.id),
      if_seq_no: claim.seqNo,
      if_primary_term: claim.primaryTerm,
      refresh: false,
      doc: {
        updated_at: new Date(now).toISOString(),
        task: {
          status: 'idle',
          ownerId: null,
          retryAt: null,
          startedAt: null,
          attempts: claim.previousAttempts,
        },
      },
    });
    return 'released';
  } catch (error) {
    if (isConflict(error) || isNotFound(error)) return 'conflict';
    throw error;
  }
}
