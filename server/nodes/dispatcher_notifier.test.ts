import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ElasticsearchClient, Logger } from '@kbn/core/server';
import { waitFor } from '../../test_helpers/wait_for';
import type { NotifiedTask } from '../../common/push/notified_task';
import { MAX_NOTIFY_IDS, type NotifyRequestBody } from '../../common/push/push_protocol';
import { DispatcherNotifier } from './dispatcher_notifier';

describe('DispatcherNotifier', () => {
  let server: Server;
  let received: string[];
  let authorizations: Array<string | undefined>;
  let dropFirst: boolean;

  beforeEach(async () => {
    received = [];
    authorizations = [];
    dropFirst = true;
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(body);
        authorizations.push(request.headers.authorization);
        if (dropFirst) {
          dropFirst = false;
          request.socket.destroy(); // as a server closing a kept-alive socket does
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function notifier(debug: jest.Mock) {
    const { port } = server.address() as AddressInfo;
    const lease = {
      holder: 'd1',
      term: 1,
      expires_at: new Date(Date.now() + 60_000).toISOString(),
      url: `http://127.0.0.1:${port}`,
    };
    const esClient = { get: jest.fn().mockResolvedValue({ _source: lease }) };
    return new DispatcherNotifier({
      esClient: esClient as unknown as ElasticsearchClient,
      index: 'lease-index',
      cacheMs: 1000,
      timeoutMs: 2000,
      token: 'the-nodes-push-token',
      nodeId: 'node-uuid-1',
      logger: { debug } as unknown as Logger,
    });
  }

  it('sends the ids again on a fresh connection when the first one is dropped', async () => {
    const debug = jest.fn();
    notifier(debug).notify(['a', 'b']);
    await waitFor(() => received.length >= 2, { description: 'the second notify' });
    expect(received.map((body) => JSON.parse(body))).toEqual([
      { ids: ['a', 'b'] },
      { ids: ['a', 'b'] },
    ]);
    expect(debug).not.toHaveBeenCalled();
    // The dispatcher's notify needs the push token, as `_run_now` does.
    expect(authorizations).toEqual(['Bearer the-nodes-push-token', 'Bearer the-nodes-push-token']);
  });

  it('reports the runs that ended in one tick in one request, with the node id', async () => {
    dropFirst = false;
    const sender = notifier(jest.fn());
    sender.runEnded('a');
    sender.runEnded('b');
    await waitFor(() => received.length >= 1, { description: 'the report' });
    sender.runEnded('c');
    await waitFor(() => received.length >= 2, { description: 'the second report' });
    expect(received.map((body) => JSON.parse(body))).toEqual([
      { ids: [], finished: ['a', 'b'], node_id: 'node-uuid-1' },
      { ids: [], finished: ['c'], node_id: 'node-uuid-1' },
    ]);
  });

  it('sends tasks as stored beside ids, at most MAX_NOTIFY_IDS of each per request', async () => {
    dropFirst = false;
    const stored = (n: number): NotifiedTask => ({
      id: `s-${n}`,
      seq_no: n,
      primary_term: 1,
      task: { taskType: 't', status: 'idle', runAt: '2026-01-01T00:00:00.000Z' },
    });
    const tasks = Array.from({ length: MAX_NOTIFY_IDS + 1 }, (_, n) => stored(n));
    notifier(jest.fn()).notify(['by-id'], tasks);
    await waitFor(() => received.length >= 2, { description: 'both requests' });
    const bodies = received.map((body) => JSON.parse(body) as NotifyRequestBody);
    bodies.sort((a, b) => b.ids.length - a.ids.length);
    expect(bodies.map(({ ids, tasks: sent }) => [ids, sent?.length])).toEqual([
      [['by-id'], MAX_NOTIFY_IDS],
      [[], 1],
    ]);
    expect(bodies.flatMap(({ tasks: sent }) => sent ?? [])).toEqual(tasks);
  });

  it('sends nothing for no tasks', async () => {
    dropFirst = false;
    const sender = notifier(jest.fn());
    sender.notify([], []);
    sender.notify(['then-this']);
    await waitFor(() => received.length >= 1, { description: 'the request' });
    expect(received.map((body) => JSON.parse(body))).toEqual([{ ids: ['then-this'] }]);
  });
});
