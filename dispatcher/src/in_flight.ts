// The load of every live node: the tasks it runs as Elasticsearch shows them (status running,
// ownerId = node, retryAt ahead), plus the ones this dispatcher pushed since, checked with a
// realtime mget so a finished task frees its capacity at once rather than at the next refresh.
import type { Client } from '@elastic/elasticsearch';
import type { NodeDocument } from '../../common/push/push_protocol';
import { taskCost } from './choose_node';
import { ClusterLoad, type RunningTask } from './cluster_load';
import { isOwnedBy, nodeUuidOf, toOwnerId } from '../../common/task_lifecycle';
import { taskDocId, taskIdFromDocId, type SlimTaskSource } from './task_fields';

/** A finished task may still show as running in search for a refresh or two: ignore it that long, in ms. */
const FINISHED_MEMORY_MS = 10_000;
/** At most this many running tasks are read (a cluster runs far fewer at once). */
const MAX_RUNNING = 10_000;

export class InFlightTracker {
  /** tasks this dispatcher claimed and pushed, until it sees them finish */
  private readonly pushed = new Map<string, RunningTask>();
  private readonly finished = new Map<string, number>();
  private load = new ClusterLoad();

  constructor(
    private readonly es: Client,
    private readonly options: { index: string; scope: string }
  ) {}

  current(): ClusterLoad {
    return this.load;
  }

  /** A task claimed for a node: counted from now on. */
  claimed(id: string, task: RunningTask) {
    this.finished.delete(id);
    this.pushed.set(id, task);
    this.load.add(id, task);
  }

  /** A claim released or refused: no longer counted. */
  dropped(id: string, now = Date.now()) {
    this.pushed.delete(id);
    this.finished.set(id, now);
    this.load.remove(id);
  }

  /** Rebuilds the load from Elasticsearch for the given live nodes. */
  async refresh(nodes: NodeDocument[], now = Date.now()): Promise<ClusterLoad> {
    for (const [id, at] of this.finished)
      if (now - at > FINISHED_MEMORY_MS) this.finished.delete(id);
    const nodesById = new Map(nodes.map((node) => [node.id, node]));
    const [running] = await Promise.all([
      this.searchRunning([...nodesById.keys()], now),
      this.checkPushed(now),
    ]);

    const load = new ClusterLoad();
    for (const [id, task] of this.pushed) if (nodesById.has(task.nodeId)) load.add(id, task);
    for (const { id, nodeId, type } of running) {
      const node = nodesById.get(nodeId);
      if (!node || this.pushed.has(id) || this.finished.has(id)) continue;
      load.add(id, { nodeId, type, cost: taskCost(node, type) });
    }
    this.load = load;
    return load;
  }

  private async searchRunning(nodeIds: string[], now: number) {
    if (nodeIds.length === 0) return [];
    const response = await this.es.search<
      SlimTaskSource<{ taskType: string; ownerId?: string | null }>
    >({
      index: this.options.index,
      ignore_unavailable: true,
      size: MAX_RUNNING,
      track_total_hits: false,
      _source: ['task.taskType', 'task.ownerId'],
      query: {
        bool: {
          filter: [
            { term: { 'task.scope': this.options.scope } },
            { term: { 'task.status': 'running' } },
            { terms: { 'task.ownerId': nodeIds.map(toOwnerId) } },
            { range: { 'task.retryAt': { gt: new Date(now).toISOString() } } },
          ],
        },
      },
    });
    return response.hits.hits.flatMap((hit) =>
      hit._source?.task?.ownerId
        ? [
            {
              id: taskIdFromDocId(hit._id!),
              nodeId: nodeUuidOf(hit._source.task.ownerId),
              type: hit._source.task.taskType,
            },
          ]
        : []
    );
  }

  /** Drops pushed tasks that no longer run on the node they were pushed to. */
  private async checkPushed(now: number) {
    const ids = [...this.pushed.keys()];
    if (ids.length === 0) return;
    const response = await this.es.mget<
      SlimTaskSource<{ status: string; ownerId?: string | null }>
    >({
      index: this.options.index,
      realtime: true,
      _source: ['task.status', 'task.ownerId'],
      ids: ids.map(taskDocId),
    });
    response.docs.forEach((doc, i) => {
      const id = ids[i];
      const entry = this.pushed.get(id);
      if (!entry) return;
      const task = 'found' in doc && doc.found ? doc._source?.task : undefined;
      if (!task || task.status !== 'running' || !isOwnedBy(task.ownerId, entry.nodeId)) {
        this.pushed.delete(id);
        this.finished.set(id, now);
      }
    });
  }

  /** Cost in flight per node, for /health and metrics. */
  perNode(): Record<string, { tasks: number; cost: number }> {
    const out: Record<string, { tasks: number; cost: number }> = {};
    for (const [, task] of this.load.entries()) {
      const entry = (out[task.nodeId] ??= { tasks: 0, cost: 0 });
      entry.tasks++;
      entry.cost += task.cost;
    }
    return out;
  }

  reset() {
    this.pushed.clear();
    this.finished.clear();
    this.load = new ClusterLoad();
  }
}
