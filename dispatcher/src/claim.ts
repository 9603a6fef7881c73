// The claim: one bulk of partial updates, each fenced by the version the task was read at
// (Kibana's mget-style claiming). A conflict means another writer got there first: skipped.
import type { Client, estypes } from '@elastic/elasticsearch';
import { taskDocId, type TaskCandidate } from './task_fields';

export interface ClaimRequest {
  candidate: TaskCandidate;
  nodeId: string;
  /** the type's timeout on that node: retryAt = now + this, in ms */
  timeoutMs: number;
  cost: number;
}

/** A successful claim: the version the node must see, and what to restore on release. */
export interface ClaimedTask {
  id: string;
  type: string;
  nodeId: string;
  cost: number;
  seqNo: number;
  primaryTerm: number;
  attempts: number;
  previousAttempts: number;
  retryAt: string;
  runAt?: string;
  /** the claim replaced an expired one (the task was running past its retryAt) */
  redispatch: boolean;
}

export interface ClaimResult {
  claimed: ClaimedTask[];
  /** fenced out: the task changed since it was read, or is gone */
  conflicts: number;
  /** other per-item failures (logged by the caller) */
  errors: Array<{ id: string; reason: string }>;
}

export async function claimTasks(
  es: Client,
  index: string,
  requests: ClaimRequest[],
  now = Date.now()
): Promise<ClaimResult> {
  const result: ClaimResult = { claimed: [], conflicts: 0, errors: [] };
  if (requests.length === 0) return result;
  const nowIso = new Date(now).toISOString();
  const operations: estypes.BulkRequest['operations'] = [];
  const planned = requests.map(({ candidate, nodeId, timeoutMs, cost }) => {
    const attempts = (candidate.task.attempts ?? 0) + 1;
    const retryAt = new Date(now + timeoutMs).toISOString();
    operations.push(
      {
        update: {
          _index: index,
          _id: taskDocId(candidate.id),
          if_seq_no: candidate.seqNo,
          if_primary_term: candidate.primaryTerm,
        },
      },
      {
        doc: {
          updated_at: nowIso,
          task: {
            status: 'running',
            ownerId: nodeId,
            startedAt: nowIso,
            retryAt,
            attempts,
            // The time this run was due, as Kibana's claimer records it.
            scheduledAt:
              candidate.task.status === 'idle'
                ? candidate.task.runAt
                : (candidate.task.retryAt ?? candidate.task.runAt),
          },
        },
      }
    );
    return { candidate, nodeId, cost, attempts, retryAt };
  });

  const response = await es.bulk({ operations, refresh: false });
  response.items.forEach((item, i) => {
    const outcome = item.update!;
    const { candidate, nodeId, cost, attempts, retryAt } = planned[i];
    if (
      outcome.status >= 200 &&
      outcome.status < 300 &&
      outcome._seq_no != null &&
      outcome._primary_term != null
    ) {
      result.claimed.push({
        id: candidate.id,
        type: candidate.task.taskType,
        nodeId,
        cost,
        seqNo: outcome._seq_no,
        primaryTerm: outcome._primary_term,
        attempts,
        previousAttempts: candidate.task.attempts ?? 0,
        retryAt,
        runAt: candidate.task.runAt,
        redispatch: candidate.task.status !== 'idle',
      });
    } else if (outcome.status === 409 || outcome.status === 404) {
      result.conflicts++;
    } else {
      result.errors.push({
        id: candidate.id,
        reason: outcome.error?.reason ?? `status ${outcome.status}`,
      });
    }
  });
  return result;
}
