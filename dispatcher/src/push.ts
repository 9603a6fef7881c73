// The push: POST {push_url}{RUN_NOW_PATH} with the push token and the claim, bounded by a
// timeout; the answer decides whether the task is in flight, dropped, or released.
import http from 'node:http';
import https from 'node:https';
import {
  PUSH_TOKEN_HEADER,
  RUN_NOW_PATH,
  type RunNowRequestBody,
} from '../../common/push/push_protocol';
import { toError } from './errors';

/**
 * accepted: 202, running. rejected: 409, busy: 429, unavailable: 503 — the node answered that
 * nothing runs. unreachable: no connection, so nothing was sent. error (another status: a
 * proxy's, or a failure mid-way), timeout and connection_error (the connection broke once
 * sent): the node may be running it.
 */
export type PushOutcome =
  | 'accepted'
  | 'rejected'
  | 'busy'
  | 'unavailable'
  | 'unreachable'
  | 'error'
  | 'timeout'
  | 'connection_error';

/** Outcomes that prove the node runs nothing: their claim is released at once. */
export const REFUSED_OUTCOMES: ReadonlySet<PushOutcome> = new Set([
  'rejected',
  'busy',
  'unavailable',
  'unreachable',
]);

export interface PushResult {
  outcome: PushOutcome;
  status?: number;
  /** from a 429's Retry-After, in ms */
  retryAfterMs?: number;
  message?: string;
}

const RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);
/** Errors raised before a connection exists: the request was never sent. */
const UNSENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export class PushClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  /**
   * The token as a bearer token; with an API key (Kibana security on), the key in
   * `Authorization`, where Kibana authenticates it, and the token in its own header.
   */
  private readonly credentials: Record<string, string>;

  constructor(
    private readonly options: {
      token: string;
      /** a Kibana API key (base64 `id:key`), for nodes where Kibana security is on */
      apiKey?: string;
      timeoutMs: number;
    }
  ) {
    const { token, apiKey } = options;
    this.credentials = apiKey
      ? { authorization: `ApiKey ${apiKey}`, [PUSH_TOKEN_HEADER]: token }
      : { authorization: `Bearer ${token}` };
  }

  push(pushUrl: string, body: RunNowRequestBody, retried = false): Promise<PushResult> {
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(pushUrl.replace(/\/+$/, '') + RUN_NOW_PATH);
      } catch (error) {
        return resolve({ outcome: 'unreachable', message: toError(error).message });
      }
      const payload = JSON.stringify(body);
      const isHttps = url.protocol === 'https:';
      const request = (isHttps ? https : http).request(url, {
        method: 'POST',
        agent: isHttps ? this.httpsAgent : this.httpAgent,
        timeout: this.options.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...this.credentials,
          // Kibana's internal routes want these; harmless elsewhere.
          'kbn-xsrf': 'background-tasks-dispatcher',
          'x-elastic-internal-origin': 'background-tasks-dispatcher',
        },
      });
      let settled = false;
      const settle = (result: PushResult) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      request.on('timeout', () => {
        settle({ outcome: 'timeout', message: `no answer within ${this.options.timeoutMs} ms` });
        request.destroy();
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the node closed just as we reused it: the node never saw the
        // request, so send it once more on a fresh socket rather than release the claim and
        // leave the task for the next poll. (A duplicate is answered by the node from its own
        // runs: 202 while the claim runs there, 409 once it ran.)
        if (!retried && request.reusedSocket && RESET_CODES.has(error.code ?? '')) {
          if (settled) return;
          settled = true;
          resolve(this.push(pushUrl, body, true));
          return;
        }
        const unsent = !request.reusedSocket && UNSENT_CODES.has(error.code ?? '');
        settle({
          outcome: unsent ? 'unreachable' : 'connection_error',
          message: toError(error).message,
        });
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) =>
          settle({ outcome: 'connection_error', message: toError(error).message })
        );
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const message = Buffer.concat(chunks).toString('utf8').slice(0, 500);
          settle({
            outcome: outcomeOf(status),
            status,
            message,
            retryAfterMs: retryAfterMs(response.headers['retry-after']),
          });
        });
      });
      request.end(payload);
    });
  }

  /** Closes pooled connections (shutdown). */
  close() {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function outcomeOf(status: number): PushOutcome {
  if (status === 202 || status === 200) return 'accepted';
  if (status === 409) return 'rejected';
  if (status === 429) return 'busy';
  if (status === 503) return 'unavailable';
  return 'error';
}

function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
