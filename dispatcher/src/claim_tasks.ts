// The claim: one bulk of the kernel's claim writes, each fenced by the version the task was
// read at (Kibana's mget-style claiming). A conflict means another writer got there first.
import type { Client } from '@elastic/elasticsearch';
import { claimWrite, toBulkOperations, toFence } from '../../common/task_lifecycle';
import type { TaskLifecycleDefinition } from '../../common/task_lifecycle';
import { toTaskInstance, type TaskCandidate } from './task_fields';

export interface ClaimRequest {
  candidate: TaskCandidate;
  /** the server uuid of the node the task is pushed to */
  nodeId: string;
  /** the type's timing on that node (its timeout sets the claim's retryAt) */
  definition: TaskLifecycleDefinition;
  cost: number;
}

/** A successful claim: the version the node must see. */
export interface ClaimedTask {
  id: string;
  type: string;
  nodeId: string;
  cost: number;
  seqNo: number;
  primaryTerm: number;
  /** attempts after the claim (counting this run) */
  attempts: number;
  retryAt: string;
  runAt?: string;
  /** the claim replaced an expired one (the task was running past its retryAt) */
  redispatch: boolean;
}

export interface ClaimResult {
  claimed: ClaimedTask[];
  /** fenced out: the task changed since it was read, or is gone */
  conflicts: number;
  /** the ids fenced out, with the version read (now superseded) */
  conflicted: Array<{ id: string; seqNo: number }>;
  /** other per-item failures (logged by the caller) */
  errors: Array<{ id: string; reason: string }>;
}

export async function claimTasks(
  es: Client,
  index: string,
  requests: ClaimRequest[],
  now = Date.now()
): Promise<ClaimResult> {
  const result: ClaimResult = { claimed: [], conflicts: 0, conflicted: [], errors: [] };
  if (requests.length === 0) return result;
  const writes = requests.map(({ candidate, nodeId, definition }) =>
    claimWrite(toTaskInstance(candidate.task, candidate.id), {
      nodeUuid: nodeId,
      fence: toFence(candidate.seqNo, candidate.primaryTerm),
      definition,
      now: new Date(now),
    })
  );

  const response = await es.bulk({ index, operations: toBulkOperations(writes), refresh: false });
  response.items.forEach((item, i) => {
    const outcome = item.update!;
    const { candidate, nodeId, cost } = requests[i];
    const written = writes[i].doc.task;
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
        attempts: written.attempts!,
        retryAt: written.retryAt!,
        runAt: candidate.task.runAt,
        redispatch: candidate.task.status !== 'idle',
      });
    } else if (outcome.status === 409 || outcome.status === 404) {
      result.conflicts++;
      result.conflicted.push({ id: candidate.id, seqNo: candidate.seqNo });
    } else {
      result.errors.push({
        id: candidate.id,
        reason: outcome.error?.reason ?? `status ${outcome.status}`,
      });
    }
  });
  return result;
}
