// Placement: which of the due candidates go to which node, in the candidates' order, against a
// copy of the in-flight load that each placement adds to. Pure of I/O: the loop claims, pushes
// and settles what this decides.
import type { NodeDocument } from '../../common/push/push_protocol';
import { isOutOfAttempts, nodeUuidOf } from '../../common/task_lifecycle';
import { DEFAULT_TASK_TIMEOUT, isInterval } from '../../common/task_schedule';
import { chooseNode, maxAttemptsOf } from './choose_node';
import type { ClaimRequest } from './claim_tasks';
import type { ClusterLoad } from './cluster_load';
import type { Logger } from './logger';
import type { NodeBackoff } from './node_backoff';
import type { NodeRegistry } from './node_registry';
import type { StaleVersions } from './stale_versions';
import type { TaskBackoff } from './task_backoff';
import { isExpiredClaim, type TaskCandidate } from './task_fields';

export interface PlacementDeps {
  nodes: NodeRegistry;
  backoff: NodeBackoff;
  stale: StaleVersions;
  taskBackoff: TaskBackoff;
  logger: Logger;
}

export interface Placement {
  /** the fenced claims to write, one per placed candidate */
  requests: ClaimRequest[];
  /** the push URL of each placed task's node */
  pushUrls: Map<string, string>;
  /** expired claims out of attempts: failed or rescheduled instead of run again */
  exhausted: Array<{ candidate: TaskCandidate; maxAttempts: number }>;
  /** candidates no node had room for */
  unplaced: TaskCandidate[];
}

/**
 * Places `candidates` on `live` nodes against `load` (a copy, changed here). `rotation` counts
 * node choices across calls, to rotate among equally loaded nodes; each choice turns it.
 */
export function placeCandidates(
  deps: PlacementDeps,
  candidates: TaskCandidate[],
  live: NodeDocument[],
  load: ClusterLoad,
  rotation: { next: number },
  now: number
): Placement {
  const placement: Placement = { requests: [], pushUrls: new Map(), exhausted: [], unplaced: [] };
  // Types no node has room for: the load only grows during a placement, so later candidates of
  // them are left unplaced without a choice, until an expired claim's room comes free. A backlog
  // is placed again each time a run ends, and trying each candidate was its largest CPU cost.
  const full = new Set<string>();
  for (const candidate of candidates) {
    if (deps.stale.isStale(candidate.id, candidate.seqNo)) continue; // older than our own write
    if (deps.taskBackoff.isBackedOff(candidate.id, now)) continue; // only refusing nodes had room
    const type = candidate.task.taskType;
    const maxAttempts = maxAttemptsOf(type, live);
    if (maxAttempts === undefined) continue; // no live node runs the type
    const expired = isExpiredClaim(candidate.task, now);
    if (
      expired &&
      !deps.nodes.mayTakeOver(nodeUuidOf(candidate.task.ownerId ?? ''), candidate.id, now)
    ) {
      continue; // its owner still vouches for it, or may only be late to say so
    }
    if (expired && isOutOfAttempts({ attempts: candidate.task.attempts ?? 0 }, maxAttempts)) {
      placement.exhausted.push({ candidate, maxAttempts });
      continue;
    }
    if (load.has(candidate.id)) {
      load.remove(candidate.id); // an expired claim no longer counts where it was
      full.clear();
    }
    const refusedBy = deps.taskBackoff.refusedBy(candidate.id);
    if (refusedBy.size === 0 && full.has(type)) {
      placement.unplaced.push(candidate);
      continue;
    }
    const choice = chooseNode(
      type,
      live,
      load,
      (id) => deps.backoff.isBackedOff(id, now),
      rotation.next++,
      refusedBy
    );
    if (!choice) {
      if (refusedBy.size === 0) full.add(type);
      placement.unplaced.push(candidate);
      continue;
    }
    if (refusedBy.has(choice.node.id) && waitsForRefuser(deps, candidate, refusedBy, now)) continue;
    load.add(candidate.id, { nodeId: choice.node.id, type, cost: choice.cost });
    placement.pushUrls.set(candidate.id, choice.node.push_url);
    const { timeout } = choice.node.task_types[type];
    // A type's timeout when its node document has none readable: Task Manager's default.
    const definition = { timeout: isInterval(timeout) ? timeout : DEFAULT_TASK_TIMEOUT };
    placement.requests.push({ candidate, nodeId: choice.node.id, definition, cost: choice.cost });
  }
  return placement;
}

/**
 * Only nodes that refused the task can take it: it waits its back-off first (once per refusal),
 * or it would go straight back into the same refusal. Returns whether it waits (it is read
 * again when the back-off ends).
 */
function waitsForRefuser(
  deps: PlacementDeps,
  candidate: TaskCandidate,
  refusedBy: ReadonlySet<string>,
  now: number
): boolean {
  const backedOffMs = deps.taskBackoff.backOff(candidate.id, now);
  if (backedOffMs === 0) return false;
  deps.logger.info(
    `Task ${candidate.id} was refused by node(s) ${[...refusedBy].join(', ')} and no other node can take it; backed off ${backedOffMs} ms`,
    { task: { id: candidate.id, type: candidate.task.taskType } }
  );
  return true;
}
