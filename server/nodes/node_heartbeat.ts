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
 * A failed beat is tried again this soon, not a whole interval later: once Elasticsearch is
 * back, the node must be seen well within the dispatcher's window of missed heartbeats, or the
 * runs it vouches for could be taken over (docs/outcomes_through_outages.md).
 */
const FAILED_BEAT_RETRY_MS = 500;

/** While beats keep failing, one warning per this long (an outage would log one per retry). */
const FAILURE_WARNING_EVERY_MS = 30_000;

/**
 * Each beat is one try (`maxRetries: 0`): the client's own retries back off 1–4 s each, and a
 * beat in such a pause when Elasticsearch came back landed up to ~10 s later, past the
 * dispatcher's window of 3 missed beats. A chained timer, so a slow Elasticsearch never gets
 * overlapping writes.
 */
export class NodeHeartbeat {
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight?: Promise<void>;
  private indexReady = false;
  private stopped = false;
  /** the failed beats in a row, and when the last warning about them was logged */
  private failures = 0;
  private warnedAt = 0;

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
    const { esClient, index, buildDocument, intervalMs } = this.options;
    const document = buildDocument();
    this.inFlight = this.ensureIndex()
      .then(() =>
        esClient.index({ index, id: document.id, document, refresh: true }, { maxRetries: 0 })
      )
      .then(
        () => this.succeeded(),
        (caught: unknown) => this.failed(toError(caught))
      )
      .then((ok) => {
        this.inFlight = undefined;
        if (this.stopped) return;
        const delay = ok ? intervalMs : Math.min(intervalMs, FAILED_BEAT_RETRY_MS);
        this.timer = setTimeout(() => void this.beat(), delay);
      });
    return this.inFlight;
  }

  private succeeded(): boolean {
    if (this.failures > 0) {
      this.options.logger.info(`Node heartbeat written again after ${this.failures} failed`, {
        tags: ['infrastructure'],
      });
    }
    this.failures = 0;
    return true;
  }

  private failed(error: Error, now = Date.now()): boolean {
    this.failures += 1;
    if (this.failures === 1 || now - this.warnedAt >= FAILURE_WARNING_EVERY_MS) {
      this.warnedAt = now;
      const streak = this.failures > 1 ? ` (${this.failures} in a row)` : '';
      this.options.logger.warn(`Node heartbeat failed${streak}: ${error.message}`, {
        tags: ['infrastructure'],
      });
    }
    return false;
  }
}
