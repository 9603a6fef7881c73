// An HTTP proxy in front of Elasticsearch that records each request by kind and target index, so a
// test can count what one flow costs (gets, single-document writes, bulk items).
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** `write` is a single-document write request; `bulk_item` one item of a `_bulk`. */
export type EsRequestKind = 'get' | 'mget' | 'search' | 'write' | 'bulk' | 'bulk_item' | 'other';

export interface EsRequestRecord {
  kind: EsRequestKind;
  /** the index the request (or bulk item) targets, when it names one */
  index?: string;
  /** e.g. `update` for a write or bulk item, the method and path otherwise */
  detail: string;
  /** of a `bulk` or `_mget` (docs form): the index of each of its items */
  targets?: string[];
  /** of an `_mget`: the `_id` of each document it reads */
  ids?: string[];
  /** of an `_mget`: its `_source` filter (the query parameter), when it has one */
  source?: string;
}

const BULK_ACTIONS = ['index', 'create', 'update', 'delete'];

function classify(method: string, path: string, body: string): EsRequestRecord[] {
  const [pathname] = path.split('?');
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const index = parts[0]?.startsWith('_') ? undefined : parts[0];
  const api = parts.find((part, i) => i > 0 && part.startsWith('_')) ?? parts[0];
  if (api === '_bulk') {
    const items = body
      .split('\n')
      .filter((line) => line.trim())
      .flatMap((line): EsRequestRecord[] => {
        const parsed = JSON.parse(line) as Record<string, { _index?: string }>;
        const [action] = Object.keys(parsed);
        if (!BULK_ACTIONS.includes(action) || Object.keys(parsed).length !== 1) return [];
        const target = parsed[action]?._index ?? index;
        return [{ kind: 'bulk_item', index: target, detail: action }];
      });
    const targets = items.map((item) => item.index ?? '');
    return [{ kind: 'bulk', index, detail: `${items.length} items`, targets }, ...items];
  }
  if (api === '_mget') {
    const { docs = [], ids = [] } = JSON.parse(body || '{}') as {
      docs?: Array<{ _index?: string; _id?: string }>;
      ids?: string[];
    };
    const targets = docs.map((doc) => doc._index ?? index ?? '');
    const read = [...docs.map((doc) => doc._id ?? ''), ...ids];
    const source = new URLSearchParams(path.split('?')[1] ?? '').get('_source') ?? undefined;
    const detail = `${targets.length || 'ids'} docs`;
    return [{ kind: 'mget', index, detail, targets, ids: read, ...(source ? { source } : {}) }];
  }
  if (api === '_search' || api === '_msearch' || api === '_count') {
    return [{ kind: 'search', index, detail: `${method} ${pathname}` }];
  }
  if (api === '_doc' && method === 'GET') return [{ kind: 'get', index, detail: 'get' }];
  if (api === '_doc' || api === '_create') {
    return [{ kind: 'write', index, detail: method === 'DELETE' ? 'delete' : 'index' }];
  }
  if (api === '_update') return [{ kind: 'write', index, detail: 'update' }];
  return [{ kind: 'other', index, detail: `${method} ${pathname}` }];
}

/**
 * Forwards every request to `target` unchanged and records it; `records` is what was seen
 * since the last `reset`.
 */
export class EsRequestCounter {
  public records: EsRequestRecord[] = [];
  private server?: Server;

  constructor(private readonly target: string) {}

  public async start(): Promise<string> {
    const target = new URL(this.target);
    this.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = incoming.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        this.records.push(
          ...classify(incoming.method ?? 'GET', incoming.url ?? '/', body.toString('utf8'))
        );
        const forward = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: incoming.method,
            path: incoming.url,
            headers: { ...incoming.headers, host: target.host },
          },
          (response) => {
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(outgoing);
          }
        );
        forward.on('error', () => outgoing.destroy());
        forward.end(raw);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public reset(): void {
    this.records = [];
  }

  /** How many records of `kind` targeted `index` (any index when omitted). */
  public count(kind: EsRequestKind, index?: string): number {
    return this.records.filter((r) => r.kind === kind && (index === undefined || r.index === index))
      .length;
  }

  public async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
