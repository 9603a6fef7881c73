// Heartbeats this node's document into the nodes index while push mode is on; removes it on stop.
import type { ElasticsearchClient, Logger } from '@kbn/core/server';
import type { NodeDocument } from '../../common/push/push_protocol';
import { toError } from '../lib/to_error';
import { ensureNodesIndex } from './ensure_nodes_index';

export interface NodeHeartbeatOptions {
  esClient: ElasticsearchClient;
  index: string;
  intervalMs: number;
  /** builds the document afresh for each beat (its `last_seen`) */
  buildDocument: () => NodeDocument;
  logger: Logger;
}

/**
 * A chained timer, so a slow Elasticsearch never gets overlapping writes. A failed beat is
 * only logged: the next one retries, and the dispatcher tolerates a few missed beats.
 */
export class NodeHeartbeat {
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight?: Promise<void>;
  private indexReady = false;
  private stopped = false;

  constructor(private readonly options: NodeHeartbeatOptions) {}

  /** Writes the first beat at once (resolving when written or failed), then every interval. */
  public async start(): Promise<void> {
    await this.beat();
  }

  /** Stops beating and deletes the document, so the dispatcher stops pushing here at once. */
  public async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
    const { esClient, index, buildDocument, logger } = this.options;
    try {
      await esClient.delete({ index, id: buildDocument().id, refresh: true });
    } catch (caught) {
      logger.debug(`Could not remove the node document: ${toError(caught).message}`);
    }
  }

  /** Until it has succeeded once; a failure is retried by the next beat. */
  private async ensureIndex(): Promise<void> {
    if (this.indexReady) return;
    await ensureNodesIndex(this.options.esClient, this.options.index);
    this.indexReady = true;
  }

  private beat(): Promise<void> {
    const { esClient, index, buildDocument, logger, intervalMs } = this.options;
    const document = buildDocument();
    this.inFlight = this.ensureIndex()
      .then(() => esClient.index({ index, id: document.id, document, refresh: true }))
      .then(
        () => undefined,
        (caught: unknown) =>
          logger.warn(`Node heartbeat failed: ${toError(caught).message}`, {
            tags: ['infrastructure'],
          })
      )
      .finally(() => {
        this.inFlight = undefined;
        if (!this.stopped) this.timer = setTimeout(() => void this.beat(), intervalMs);
      });
    return this.inFlight;
  }
}
