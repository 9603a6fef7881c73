// Node choice: among live, not backed-off nodes that run the type, with free capacity for its
// cost and the type under its cluster-wide max concurrency, the least loaded one.
import type { NodeDocument } from '../../common/push/push_protocol';
import type { ClusterLoad } from './cluster_load';

/** A task's cost when a node document does not say (Task Manager's TaskCost.Normal). */
export const DEFAULT_TASK_COST = 2;

export interface NodeChoice {
  node: NodeDocument;
  /** cost units of the task on that node */
  cost: number;
}

/** The strictest max_concurrency any live node declares for the type; undefined = unlimited. */
export function maxConcurrency(type: string, nodes: NodeDocument[]): number | undefined {
  let max: number | undefined;
  for (const node of nodes) {
    const limit = node.task_types[type]?.max_concurrency;
    if (typeof limit === 'number' && (max === undefined || limit < max)) max = limit;
  }
  return max;
}

export function taskCost(node: NodeDocument, type: string): number {
  const cost = node.task_types[type]?.cost;
  return typeof cost === 'number' && cost > 0 ? cost : DEFAULT_TASK_COST;
}

/** Free cost units on a node. */
export function freeCapacity(node: NodeDocument, load: ClusterLoad): number {
  return node.capacity - load.nodeCost(node.id);
}

/**
 * The node to run a task of `type` on, or undefined when none can take it now.
 * `isBackedOff` excludes nodes whose circuit breaker is open.
 */
export function chooseNode(
  type: string,
  nodes: NodeDocument[],
  load: ClusterLoad,
  isBackedOff: (nodeId: string) => boolean = () => false
): NodeChoice | undefined {
  const limit = maxConcurrency(type, nodes);
  if (limit !== undefined && load.typeCount(type) >= limit) return undefined;

  let best: { choice: NodeChoice; ratio: number; count: number } | undefined;
  for (const node of nodes) {
    if (!node.task_types[type] || isBackedOff(node.id)) continue;
    const cost = taskCost(node, type);
    if (freeCapacity(node, load) < cost) continue;
    const ratio = load.nodeCost(node.id) / node.capacity;
    const count = load.nodeCount(node.id);
    if (
      !best ||
      ratio < best.ratio ||
      (ratio === best.ratio && count < best.count) ||
      (ratio === best.ratio && count === best.count && node.id < best.choice.node.id)
    ) {
      best = { choice: { node, cost }, ratio, count };
    }
  }
  return best?.choice;
}
