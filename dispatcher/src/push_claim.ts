// One claim's push and its outcome: accepted, refused (409: released, the task goes to another
// node; 429, 503 or unreachable: released, the node backed off), or unanswered (the node may run
// it: the claim lapses at retryAt, the node backed off). Every release is fenced by the claim's
// version.
import { describeError } from './errors';
import type { ClaimedTask } from './claim_tasks';
import type { DispatchLoopDeps } from './dispatch_loop';
import { releaseClaim } from './release_claim';
import { REFUSED_OUTCOMES } from './push';
import type { TaskBackoff } from './task_backoff';

export interface PushClaimDeps extends DispatchLoopDeps {
  taskBackoff: TaskBackoff;
  /** reads the task again in realtime on the loop's next cycle */
  readAgain(id: string): void;
}

/** Pushes one claim; a refusal releases it (fenced by the claim's version). */
export async function pushClaim(deps: PushClaimDeps, claim: ClaimedTask, pushUrl: string) {
  const { pushClient, metrics, backoff, logger, inFlight, taskBackoff } = deps;
  const sentAt = Date.now();
  const result = await pushClient.push(pushUrl, {
    id: claim.id,
    type: claim.type,
    claim: { owner_id: claim.nodeId, seq_no: claim.seqNo, primary_term: claim.primaryTerm },
  });
  metrics.push(result.outcome);
  const fields = {
    task: { id: claim.id, type: claim.type },
    node: { id: claim.nodeId },
    status: result.status,
  };
  if (result.outcome === 'accepted') {
    backoff.success(claim.nodeId);
    taskBackoff.accepted(claim.id);
    if (claim.runAt)
      metrics.dispatchLatency.observe(Math.max(0, Date.now() - Date.parse(claim.runAt)) / 1000);
    logger.debug(`Task ${claim.id} pushed to node ${claim.nodeId}`, fields);
    return;
  }
  if (result.outcome === 'rejected') {
    // Released at once, or a claim the node cannot take (an earlier run of the task still
    // runs there) would hold the task until its timeout. The release is fenced by the claim's
    // version: a claim that did change (finished, rescheduled) is left alone. The node is
    // fine: it is not backed off, but the task is read again for another one, and backed off
    // only if none but the nodes that refused it can take it (see dispatch_loop.ts).
    taskBackoff.refused(claim.id, claim.nodeId);
    logger.info(
      `Node ${claim.nodeId} refused task ${claim.id} (409); releasing it for another node`,
      { ...fields, reason: result.message }
    );
    await release(deps, claim);
    inFlight.dropped(claim.id);
    return;
  }
  const backedOffMs = backoff.failure(claim.nodeId, Date.now(), result.retryAfterMs, sentAt);
  if (REFUSED_OUTCOMES.has(result.outcome)) {
    logger.warn(
      `Push of task ${claim.id} to node ${claim.nodeId} refused (${result.outcome}); releasing, node backed off ${backedOffMs} ms`,
      { ...fields, reason: result.message }
    );
    await release(deps, claim);
    return;
  }
  // No answer that says nothing runs: the node may have started it (nothing but the claim is
  // written before a run), so releasing could run it twice. Left to lapse at retryAt and still
  // counted on that node, as Task Manager leaves a vanished node's claims (protocol:
  // RunNowResponseBody).
  logger.warn(
    `Push of task ${claim.id} to node ${claim.nodeId} got no answer (${result.outcome}); its claim lapses at ${claim.retryAt}, node backed off ${backedOffMs} ms`,
    { ...fields, reason: result.message }
  );
}

async function release(deps: PushClaimDeps, claim: ClaimedTask) {
  try {
    const outcome = await releaseClaim(deps.es, deps.config.indices.tasks, claim);
    deps.metrics.releases.inc({ result: outcome });
    // A conflict means the claim changed since (it lapsed, or the task was removed).
    if (outcome === 'released') deps.inFlight.dropped(claim.id);
    // Read it back in realtime on the next cycle so it goes elsewhere without waiting for a refresh.
    if (outcome === 'released') deps.readAgain(claim.id);
  } catch (error) {
    deps.metrics.releases.inc({ result: 'error' });
    deps.inFlight.dropped(claim.id);
    deps.logger.warn(`Could not release task ${claim.id}; it is re-dispatched after its retryAt`, {
      error: describeError(error),
      task: { id: claim.id, retry_at: claim.retryAt },
    });
  }
}
