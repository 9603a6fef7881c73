// Node choice: among live, not backed-off nodes that run the type, with free capacity for its
// cost and the type under both its limits (per node and cluster-wide), the least loaded one,
// one that has not refused the task if any can take it.
import type { NodeDocument } from '../../common/push/push_protocol';
import { DEFAULT_MAX_ATTEMPTS } from '../../common/task_defaults';
import type { ClusterLoad } from './cluster_load';

/** A task's cost when a node document does not say (Task Manager's TaskCost.Normal). */
export const DEFAULT_TASK_COST = 2;

export interface NodeChoice {
  node: NodeDocument;
  /** cost units of the task on that node */
  cost: number;
}

/** The strictest max_cluster_concurrency any live node declares for the type; undefined = unlimited. */
export function maxClusterConcurrency(type: string, nodes: NodeDocument[]): number | undefined {
  let max: number | undefined;
  for (const node of nodes) {
    const limit = node.task_types[type]?.max_cluster_concurrency;
    if (typeof limit === 'number' && (max === undefined || limit < max)) max = limit;
  }
  return max;
}

/** Whether the type is under its cluster-wide limit. */
export function underClusterConcurrency(
  type: string,
  nodes: NodeDocument[],
  load: ClusterLoad
): boolean {
  const limit = maxClusterConcurrency(type, nodes);
  return limit === undefined || load.typeCount(type) < limit;
}

/**
 * Whether the node runs the type and has room for one more: free capacity for its cost, and
 * fewer than its max_node_concurrency of the type (which the node would refuse with a 429).
 */
export function nodeHasRoom(node: NodeDocument, type: string, load: ClusterLoad): boolean {
  const declared = node.task_types[type];
  if (!declared || freeCapacity(node, load) < taskCost(node, type)) return false;
  const limit = declared.max_node_concurrency;
  return typeof limit !== 'number' || load.nodeTypeCount(node.id, type) < limit;
}

export function taskCost(node: NodeDocument, type: string): number {
  const cost = node.task_types[type]?.cost;
  return typeof cost === 'number' && cost > 0 ? cost : DEFAULT_TASK_COST;
}

/** Free cost units on a node: what it runs at once and what it queues, less what it holds. */
export function freeCapacity(node: NodeDocument, load: ClusterLoad): number {
  return node.capacity + (node.queue_capacity ?? 0) - load.nodeCost(node.id);
}

/**
 * The node to run a task of `type` on, or undefined when none can take it now.
 * `isBackedOff` excludes nodes whose circuit breaker is open. Nodes in `refusedBy` (they
 * refused this task with 409) are chosen only when no other node can take it: pushed there
 * again, it would most likely be refused again. Among equally loaded nodes the `turn`-th one
 * (modulo their number) wins, so an idle cluster spreads tasks instead of sending every one to
 * the node whose id sorts first.
 */
export function chooseNode(
  type: string,
  nodes: NodeDocument[],
  load: ClusterLoad,
  isBackedOff: (nodeId: string) => boolean = () => false,
  turn = 0,
  refusedBy: ReadonlySet<string> = new Set()
): NodeChoice | undefined {
  if (!underClusterConcurrency(type, nodes, load)) return undefined;
  const ties =
    leastLoaded(type, nodes, load, (id) => refusedBy.has(id) || isBackedOff(id)) ??
    (refusedBy.size > 0 ? leastLoaded(type, nodes, load, isBackedOff) : undefined);
  return ties?.[turn % ties.length];
}

/** The equally least loaded nodes with room for the task, not excluded; undefined if none. */
function leastLoaded(
  type: string,
  nodes: NodeDocument[],
  load: ClusterLoad,
  isExcluded: (nodeId: string) => boolean
): NodeChoice[] | undefined {
  let best: { ratio: number; count: number; ties: NodeChoice[] } | undefined;
  for (const node of [...nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (isExcluded(node.id) || !nodeHasRoom(node, type, load)) continue;
    const cost = taskCost(node, type);
    const ratio = load.nodeCost(node.id) / node.capacity;
    const count = load.nodeCount(node.id);
    if (!best || ratio < best.ratio || (ratio === best.ratio && count < best.count)) {
      best = { ratio, count, ties: [{ node, cost }] };
    } else if (ratio === best.ratio && count === best.count) {
      best.ties.push({ node, cost });
    }
  }
  return best?.ties;
}

/** max_attempts of a type as live nodes declare it; undefined when no live node runs it. */
export function maxAttemptsOf(type: string, nodes: NodeDocument[]): number | undefined {
  let max: number | undefined;
  for (const node of nodes) {
    const declared = node.task_types[type];
    if (!declared) continue;
    const attempts =
      typeof declared.max_attempts === 'number' && declared.max_attempts > 0
        ? declared.max_attempts
        : DEFAULT_MAX_ATTEMPTS;
    max = Math.max(max ?? 0, attempts);
  }
  return max;
}
