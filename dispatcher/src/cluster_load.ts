// What runs where: cost in flight per node, task count per type on each node and across the cluster.
export interface RunningTask {
  nodeId: string;
  type: string;
  cost: number;
}

export class ClusterLoad {
  private readonly tasks = new Map<string, RunningTask>();
  private readonly costByNode = new Map<string, number>();
  private readonly countByNode = new Map<string, number>();
  private readonly countByType = new Map<string, number>();
  private readonly countByNodeType = new Map<string, number>();

  /** Adds a task (replacing an earlier entry of the same id, e.g. a re-dispatch). */
  add(id: string, task: RunningTask) {
    this.remove(id);
    this.tasks.set(id, task);
    this.bump(task, 1);
  }

  remove(id: string) {
    const task = this.tasks.get(id);
    if (!task) return;
    this.tasks.delete(id);
    this.bump(task, -1);
  }

  has(id: string): boolean {
    return this.tasks.has(id);
  }

  nodeCost(nodeId: string): number {
    return this.costByNode.get(nodeId) ?? 0;
  }

  nodeCount(nodeId: string): number {
    return this.countByNode.get(nodeId) ?? 0;
  }

  /** Tasks of the type running across the cluster. */
  typeCount(type: string): number {
    return this.countByType.get(type) ?? 0;
  }

  /** Tasks of the type running on the node. */
  nodeTypeCount(nodeId: string, type: string): number {
    return this.countByNodeType.get(nodeTypeKey(nodeId, type)) ?? 0;
  }

  /** A copy, so a plan can be tried without touching the tracked load. */
  clone(): ClusterLoad {
    const copy = new ClusterLoad();
    for (const [id, task] of this.tasks) copy.add(id, task);
    return copy;
  }

  entries(): IterableIterator<[string, RunningTask]> {
    return this.tasks.entries();
  }

  private bump({ nodeId, type, cost }: RunningTask, sign: 1 | -1) {
    this.costByNode.set(nodeId, this.nodeCost(nodeId) + sign * cost);
    this.countByNode.set(nodeId, this.nodeCount(nodeId) + sign);
    this.countByType.set(type, this.typeCount(type) + sign);
    this.countByNodeType.set(nodeTypeKey(nodeId, type), this.nodeTypeCount(nodeId, type) + sign);
  }
}

// Node ids are uuids and type names never hold a newline, so the pair cannot collide.
const nodeTypeKey = (nodeId: string, type: string) => `${nodeId}\n${type}`;
