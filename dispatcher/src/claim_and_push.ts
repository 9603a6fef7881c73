// One claim bulk and what follows it: the claims that hold are counted on their node and
// pushed; those that do not free the room their placement took (InFlightTracker.claiming).
import { claimTasks, type ClaimRequest } from './claim_tasks';
import { pushClaim, type PushClaimDeps } from './push_claim';
import type { StaleVersions } from './stale_versions';

export interface ClaimAndPushDeps extends PushClaimDeps {
  stale: StaleVersions;
  /** keeps a push under way, for the loop's stop to wait for */
  track(push: Promise<void>): void;
}

/** What the loop does next: nothing, place again (room freed), or back off (the bulk failed). */
export type ClaimOutcome =
  { kind: 'all_claimed' } | { kind: 'room_freed' } | { kind: 'failed'; error: unknown };

export async function claimAndPush(
  deps: ClaimAndPushDeps,
  requests: ClaimRequest[],
  pushUrls: Map<string, string>,
  now: number
): Promise<ClaimOutcome> {
  const { config, metrics, inFlight, stale, logger } = deps;
  let result: Awaited<ReturnType<typeof claimTasks>>;
  try {
    result = await claimTasks(deps.es, config.indices.tasks, requests);
  } catch (error) {
    for (const { candidate } of requests) inFlight.notClaimed(candidate.id);
    return { kind: 'failed', error };
  }
  metrics.claims.inc(result.claimed.length);
  metrics.conflicts.inc(result.conflicts);
  stale.claimed(result.claimed, now);
  stale.conflicted(result.conflicted, now);
  for (const { id, reason } of result.errors)
    logger.warn(`Claim of task ${id} failed`, { task: { id }, reason });
  for (const claim of result.claimed) {
    if (claim.redispatch) metrics.expired.inc({ result: 'redispatched' });
    inFlight.claimed(claim.id, { nodeId: claim.nodeId, type: claim.type, cost: claim.cost });
    deps.track(pushClaim(deps, claim, pushUrls.get(claim.id)!));
  }
  if (result.claimed.length === requests.length) return { kind: 'all_claimed' };
  for (const { id } of [...result.conflicted, ...result.errors]) inFlight.notClaimed(id);
  return { kind: 'room_freed' };
}
