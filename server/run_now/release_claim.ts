// Gives a claimed task back (idle, unowned, attempts as before) so the dispatcher re-dispatches it.
import type { ElasticsearchClient } from '@kbn/core/server';
import { taskDocumentId } from '../../common/task_document';
import { isNotFound, isVersionConflict } from '../lib/es_errors';
import type { VerifiedClaim } from './verify_claim';

export type ReleaseResult = 'released' | 'lost_fence';

/**
 * For runs this node could not finish through no fault of the task (shutdown, no room in Task
 * Manager): the attempt is not counted. Fenced by the claim's version, so a claim already
 * taken over by another node is left alone.
 */
export async function releaseClaim(
  claim: VerifiedClaim,
  {
    esClient,
    index,
    now = new Date(),
  }: { esClient: ElasticsearchClient; index: string; now?: Date }
): Promise<ReleaseResult> {
  try {
    await esClient.update({
      index,
      id: taskDocumentId(claim.task.id),
      if_seq_no: claim.seqNo,
      if_primary_term: claim.primaryTerm,
      refresh: false,
      doc: {
        updated_at: now.toISOString(),
        task: {
          status: 'idle',
          ownerId: null,
          startedAt: null,
          retryAt: null,
          attempts: Math.max(0, claim.task.attempts - 1),
        },
      },
    });
    return 'released';
  } catch (caught) {
    if (isVersionConflict(caught) || isNotFound(caught)) return 'lost_fence';
    throw caught;
  }
}
