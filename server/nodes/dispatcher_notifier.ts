// Tells the dispatcher leader about tasks due now, so they start without waiting for its poll,
// and about pushed runs that ended here, so it counts their capacity free without a read.
import http from 'node:http';
import https from 'node:https';
import type { ElasticsearchClient, Logger } from '@kbn/core/server';
import {
  DISPATCHER_NOTIFY_PATH,
  LEADER_LEASE_ID,
  MAX_NOTIFY_IDS,
  type LeaderLeaseDocument,
  type NotifyRequestBody,
} from '../../common/push/push_protocol';
import type { NotifiedTask } from '../../common/push/notified_task';
import { isNotFound } from '../lib/es_errors';
import { toError } from '../lib/to_error';

export interface DispatcherNotifierOptions {
  esClient: ElasticsearchClient;
  /** the index holding the leader lease */
  index: string;
  /** how long a lease read is reused, in ms */
  cacheMs: number;
  /** how long a notify may take, in ms */
  timeoutMs: number;
  /** the push token, which the dispatcher's notify requires as a bearer token. Never logged. */
  token: string;
  /** this node's id (its server uuid), sent with the runs that ended here */
  nodeId: string;
  logger: Logger;
}

const RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Fire-and-forget: a notify is an optimisation, the dispatcher's poll finds the task anyway.
 * So failures are logged at debug only, and `notify` never rejects nor delays the caller.
 */
export class DispatcherNotifier {
  private cached?: { url: string | undefined; until: number };
  /** runs that ended this tick, reported together on the next */
  private ended: string[] = [];
  // Node's own client on kept-alive connections, not `fetch`: a report goes out per ended run,
  // and fetch's machinery was 6 % of a node's CPU during a backlog (profiled).
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  constructor(private readonly options: DispatcherNotifierOptions) {}

  /**
   * Tasks due now: by id (the dispatcher reads them), or as just stored (claimed as sent,
   * without a read; see NotifiedTask). Sent in bodies of at most MAX_NOTIFY_IDS of each.
   */
  public notify(ids: string[], tasks: NotifiedTask[] = []): void {
    for (let from = 0; from < Math.max(ids.length, tasks.length); from += MAX_NOTIFY_IDS) {
      const some = tasks.slice(from, from + MAX_NOTIFY_IDS);
      this.post({
        ids: ids.slice(from, from + MAX_NOTIFY_IDS),
        ...(some.length > 0 ? { tasks: some } : {}),
      });
    }
  }

  /**
   * A pushed run ended here: its capacity is free. Runs ending in the same tick share one
   * request. Lost, the dispatcher's reconciliation read (once per poll interval) finds it.
   */
  public runEnded(id: string): void {
    if (this.ended.push(id) > 1) return;
    setImmediate(() => this.flushEnded()).unref();
  }

  private flushEnded(): void {
    while (this.ended.length > 0) {
      const finished = this.ended.splice(0, MAX_NOTIFY_IDS);
      this.post({ ids: [], finished, node_id: this.options.nodeId });
    }
  }

  private post(body: NotifyRequestBody): void {
    void this.send(body).catch((caught: unknown) =>
      this.options.logger.debug(`Dispatcher notify failed: ${toError(caught).message}`)
    );
  }

  /** Closes kept-alive connections (the node stops). */
  public close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async send(body: NotifyRequestBody): Promise<void> {
    const url = await this.leaderUrl();
    if (!url) return;
    const target = new URL(`${url.replace(/\/+$/, '')}${DISPATCHER_NOTIFY_PATH}`);
    const payload = JSON.stringify(body);
    let status: number;
    try {
      status = await this.postOnce(target, payload);
    } catch (caught) {
      // A kept-alive socket the server has just closed fails the POST at once, and a POST is
      // not retried for us: try once more on a fresh connection (a notify is idempotent), or
      // the task would wait for the dispatcher's next poll.
      if (!RESET_CODES.has((caught as NodeJS.ErrnoException).code ?? '')) throw caught;
      status = await this.postOnce(target, payload);
    }
    if (status < 200 || status > 299) {
      // 503: the lease moved to another dispatcher; read it again next time.
      this.cached = undefined;
      throw new Error(`the dispatcher answered ${status}`);
    }
  }

  /** One POST; resolves with the status once the answer is read (so the connection is reused). */
  private postOnce(url: URL, payload: string): Promise<number> {
    const { token, timeoutMs } = this.options;
    const isHttps = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (isHttps ? https : http).request(
        url,
        {
          method: 'POST',
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          timeout: timeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: `Bearer ${token}`,
          },
        },
        (response) => {
          response.on('error', reject);
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.resume();
        }
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', reject);
      request.end(payload);
    });
  }

  private async leaderUrl(): Promise<string | undefined> {
    const now = Date.now();
    if (this.cached && this.cached.until > now) return this.cached.url;
    const { esClient, index, cacheMs } = this.options;
    let lease: LeaderLeaseDocument | undefined;
    try {
      lease = (await esClient.get<LeaderLeaseDocument>({ index, id: LEADER_LEASE_ID }))._source;
    } catch (caught) {
      if (!isNotFound(caught)) throw caught;
    }
    const live = lease && Date.parse(lease.expires_at) > now ? lease.url : undefined;
    this.cached = { url: live, until: now + cacheMs };
    return live;
  }
}
