// The live Kibana nodes, discovered from their heartbeat documents; a node unseen for a few
// of its own heartbeat intervals is dropped.
import type { Client } from '@elastic/elasticsearch';
import {
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  MAX_HEARTBEAT_INTERVAL_MS,
  type NodeDocument,
} from '../../common/push/push_protocol';
import { describeError } from './errors';
import type { Logger } from './logger';

export interface NodeRegistryOptions {
  index: string;
  /** heartbeats a node may miss before it is dropped */
  missedHeartbeats: number;
  /** how often the dispatcher re-reads node documents, in ms. @defaultValue 1000 */
  refreshIntervalMs?: number;
}

/** At most this many node documents are read; far beyond any Kibana cluster. */
const MAX_NODES = 1000;

export class NodeRegistry {
  private nodes: NodeDocument[] = [];
  private readonly known = new Set<string>();
  /** since when refreshes have followed each other closely: the view of absences is sound */
  private unbrokenSince?: number;
  private lastRefreshAt?: number;
  /** the heartbeat interval of every node seen, in ms: how late a node may be to say it lives */
  private readonly intervals = new Map<string, number>();

  constructor(
    private readonly es: Client,
    private readonly options: NodeRegistryOptions,
    private readonly logger: Logger
  ) {}

  /** Nodes seen recently, as of the last refresh. */
  live(): NodeDocument[] {
    return this.nodes;
  }

  get(id: string): NodeDocument | undefined {
    return this.nodes.find((node) => node.id === id);
  }

  /**
   * Whether a claim of `ownerId`'s that passed its retryAt may be taken away. Not while that
   * node is live and vouches for the task (its outcome is being written, e.g. through an
   * outage), and not before this registry has watched heartbeats without a break for a whole
   * heartbeat window: after a start or an outage, an owner unseen so far may only be late.
   */
  mayTakeOver(ownerUuid: string, taskId: string, now = Date.now()): boolean {
    const owner = this.get(ownerUuid);
    if (owner) return !(owner.vouched_tasks ?? []).includes(taskId);
    const slowest = Math.max(DEFAULT_HEARTBEAT_INTERVAL_MS, ...this.intervals.values());
    const window = slowest * this.options.missedHeartbeats;
    return this.unbrokenSince !== undefined && now - this.unbrokenSince >= window;
  }

  /** Re-reads the heartbeat documents. Throws Elasticsearch errors (the loop handles them). */
  async refresh(now = Date.now()): Promise<NodeDocument[]> {
    const { missedHeartbeats } = this.options;
    // Each node says how often it beats: read what any node could still count as live, then
    // judge each by its own interval.
    const staleBefore = (node: NodeDocument) => now - heartbeatIntervalOf(node) * missedHeartbeats;
    const oldestLive = now - MAX_HEARTBEAT_INTERVAL_MS * missedHeartbeats;
    let response;
    try {
      response = await this.es.search<NodeDocument>({
        index: this.options.index,
        ignore_unavailable: true,
        size: MAX_NODES,
        track_total_hits: false,
        query: { range: { last_seen: { gte: new Date(oldestLive).toISOString() } } },
      });
    } catch (error) {
      this.unbrokenSince = undefined;
      throw error;
    }
    // A gap longer than a heartbeat (not leading, Elasticsearch away) breaks the watch.
    const gapMs = Math.max(
      DEFAULT_HEARTBEAT_INTERVAL_MS,
      2 * (this.options.refreshIntervalMs ?? 1000)
    );
    if (this.lastRefreshAt === undefined || now - this.lastRefreshAt > gapMs) {
      this.unbrokenSince = now;
    }
    this.lastRefreshAt = now;
    const nodes = response.hits.hits
      .map((hit) => hit._source)
      .filter((node): node is NodeDocument => isUsableNode(node, staleBefore, this.logger));
    this.logChanges(nodes);
    for (const node of nodes) this.intervals.set(node.id, heartbeatIntervalOf(node));
    this.nodes = nodes;
    return nodes;
  }

  private logChanges(nodes: NodeDocument[]) {
    const ids = new Set(nodes.map((node) => node.id));
    for (const node of nodes) {
      if (!this.known.has(node.id)) {
        this.known.add(node.id);
        this.logger.info(`Node ${node.id} joined`, {
          node: { id: node.id, push_url: node.push_url, capacity: node.capacity },
        });
      }
    }
    for (const id of this.known) {
      if (!ids.has(id)) {
        this.known.delete(id);
        this.logger.warn(`Node ${id} dropped: no heartbeat`, { node: { id } });
      }
    }
  }
}

/** The node's declared heartbeat interval, in ms; the default for a document without one. */
export function heartbeatIntervalOf(node: NodeDocument): number {
  const declared = node.heartbeat_interval_ms;
  return typeof declared === 'number' && declared > 0
    ? Math.min(declared, MAX_HEARTBEAT_INTERVAL_MS)
    : DEFAULT_HEARTBEAT_INTERVAL_MS;
}

function isUsableNode(
  node: NodeDocument | undefined,
  staleBefore: (node: NodeDocument) => number,
  logger: Logger
): boolean {
  if (!node) return false;
  try {
    // The range query is as wide as the longest interval; judge each node by its own, and check
    // the shape.
    const ok =
      typeof node.id === 'string' &&
      typeof node.push_url === 'string' &&
      typeof node.capacity === 'number' &&
      node.capacity > 0 &&
      (node.queue_capacity === undefined ||
        (typeof node.queue_capacity === 'number' && node.queue_capacity >= 0)) &&
      typeof node.task_types === 'object' &&
      node.task_types !== null &&
      Date.parse(node.last_seen) >= staleBefore(node);
    if (!ok && Date.parse(node.last_seen) >= staleBefore(node)) {
      logger.warn('Ignoring a malformed node document', { node: { id: node.id } });
    }
    return ok;
  } catch (error) {
    logger.warn('Ignoring a malformed node document', { error: describeError(error) });
    return false;
  }
}
