// The load of every live node: the tasks this dispatcher pushed until their node reports them
// ended (`POST /notify` `finished`), plus, from a reconciliation read at most once per interval,
// what Elasticsearch shows running there (status running, ownerId = node, retryAt ahead) and
// which pushed tasks no longer run (the safety net for a lost report).
import type { Client } from '@elastic/elasticsearch';
import type { NodeDocument } from '../../common/push/push_protocol';
import { taskCost } from './choose_node';
import { ClusterLoad, type RunningTask } from './cluster_load';
import { isOwnedBy, nodeUuidOf, toOwnerId } from '../../common/task_lifecycle';
import { taskDocId, taskIdFromDocId, type SlimTaskSource } from './task_fields';

/** A finished task may still show as running in search until a refresh: ignore it that long, in ms. */
const FINISHED_MEMORY_MS = 60_000;
/** At most this many running tasks are read (a cluster runs far fewer at once). */
const MAX_RUNNING = 10_000;

export class InFlightTracker {
  /** tasks this dispatcher claimed and pushed, until it sees them finish */
  private readonly pushed = new Map<string, RunningTask>();
  /**
   * tasks placed on a node whose claim is being written: counted against the node's room, so a
   * claim written meanwhile cannot take the same room, but not checked against Elasticsearch
   * (they show idle until their claim lands)
   */
  private readonly claimingTasks = new Map<string, RunningTask>();
  private readonly finished = new Map<string, number>();
  /** what search showed running on the nodes at the last reconciliation */
  private running: Array<{ id: string; nodeId: string; type: string }> = [];
  private reconciledAt = -Infinity;
  private load = new ClusterLoad();

  constructor(
    private readonly es: Client,
    private readonly options: {
      index: string;
      scope: string;
      /** least time between two reconciliation reads, in ms (the dispatcher's poll.interval_ms) */
      reconcileIntervalMs: number;
    }
  ) {}

  current(): ClusterLoad {
    return this.load;
  }

  /** A task placed on a node, its claim not yet written: counted from now on. */
  claiming(id: string, task: RunningTask) {
    this.claimingTasks.set(id, task);
    this.load.add(id, task);
  }

  /** Whether a claim of the task is being written. */
  isClaiming(id: string): boolean {
    return this.claimingTasks.has(id);
  }

  /** A claim that failed (fenced out, or the write failed): its room is free again. */
  notClaimed(id: string) {
    if (!this.claimingTasks.delete(id)) return;
    const pushed = this.pushed.get(id); // an earlier claim of it, expired: still counted there
    if (pushed) this.load.add(id, pushed);
    else this.load.remove(id);
  }

  /** A task claimed for a node: counted from now on. */
  claimed(id: string, task: RunningTask) {
    this.claimingTasks.delete(id);
    this.finished.delete(id);
    this.pushed.set(id, task);
    this.load.add(id, task);
  }

  /** A claim released or refused: no longer counted. */
  dropped(id: string, now = Date.now()) {
    this.pushed.delete(id);
    this.remember(id, now);
    this.load.remove(id);
  }

  private remember(id: string, now: number) {
    this.finished.delete(id); // re-inserted last: the map stays in time order
    this.finished.set(id, now);
  }

  /**
   * Pushed runs node `nodeId` reports ended (any node when absent): no longer counted. A report
   * naming a task now pushed to another node (re-dispatched after its claim expired) is ignored.
   * Returns how many were counted here.
   */
  ended(ids: string[], nodeId: string | undefined, now = Date.now()): number {
    let freed = 0;
    for (const id of ids) {
      const entry = this.pushed.get(id);
      if (!entry || (nodeId !== undefined && entry.nodeId !== nodeId)) continue;
      this.dropped(id, now);
      freed++;
    }
    return freed;
  }

  /**
   * The load of the given live nodes. Reads Elasticsearch at most once per reconcile interval:
   * between two reads, reports of ended runs keep it current, at no read per completion.
   */
  async refresh(nodes: NodeDocument[], now = Date.now()): Promise<ClusterLoad> {
    for (const [id, at] of this.finished) {
      if (now - at <= FINISHED_MEMORY_MS) break; // insertion order is time order
      this.finished.delete(id);
    }
    const nodesById = new Map(nodes.map((node) => [node.id, node]));
    if (now - this.reconciledAt >= this.options.reconcileIntervalMs) {
      [this.running] = await Promise.all([
        this.searchRunning([...nodesById.keys()], now),
        this.checkPushed(now),
      ]);
      this.reconciledAt = now;
    }

    const load = new ClusterLoad();
    for (const tasks of [this.pushed, this.claimingTasks])
      for (const [id, task] of tasks) if (nodesById.has(task.nodeId)) load.add(id, task);
    for (const { id, nodeId, type } of this.running) {
      const node = nodesById.get(nodeId);
      if (!node || this.pushed.has(id) || this.claimingTasks.has(id) || this.finished.has(id))
        continue;
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
        this.remember(id, now);
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
    this.claimingTasks.clear();
    this.finished.clear();
    this.running = [];
    this.reconciledAt = -Infinity;
    this.load = new ClusterLoad();
  }
}
