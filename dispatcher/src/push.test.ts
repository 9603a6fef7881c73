import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PUSH_TOKEN_HEADER } from '../../common/push/push_protocol';
import { PushClient } from './push';

const body = { id: 't1', type: 'test:work', claim: { owner_id: 'n1', seq_no: 1, primary_term: 1 } };

describe('PushClient', () => {
  let server: Server;
  let requests: number;
  let headers: IncomingHttpHeaders[];
  let url: string;
  let client: PushClient;

  beforeEach(async () => {
    requests = 0;
    headers = [];
    const served = new WeakSet<object>();
    server = createServer((request, response) => {
      requests++;
      headers.push(request.headers);
      request.resume();
      request.on('end', () => {
        // A socket's second request arrives on the kept-alive socket: close it unanswered, as
        // a server whose keep-alive timeout fired at that moment does.
        if (served.has(request.socket)) return request.socket.destroy();
        served.add(request.socket);
        response.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new PushClient({ token: 'a'.repeat(32), timeoutMs: 2000 });
  });

  afterEach(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends again on a fresh socket when a reused one is reset, instead of failing the push', async () => {
    await expect(client.push(url, body)).resolves.toMatchObject({ outcome: 'accepted' });
    await expect(client.push(url, body)).resolves.toMatchObject({ outcome: 'accepted' });
    expect(requests).toBe(3);
  });

  it('sends the token as a bearer token, or in its own header beside a configured API key', async () => {
    await client.push(url, body);
    expect(headers[0].authorization).toBe(`Bearer ${'a'.repeat(32)}`);
    expect(headers[0][PUSH_TOKEN_HEADER]).toBeUndefined();
    const withKey = new PushClient({ token: 't'.repeat(16), apiKey: 'aWQ6a2V5', timeoutMs: 2000 });
    try {
      await expect(withKey.push(url, body)).resolves.toMatchObject({ outcome: 'accepted' });
      expect(headers[1]).toMatchObject({
        [PUSH_TOKEN_HEADER]: 't'.repeat(16),
        authorization: 'ApiKey aWQ6a2V5',
      });
    } finally {
      withKey.close();
    }
  });

  it('tells a node that was never reached (nothing sent) from one whose answer was lost', async () => {
    await expect(client.push('http://127.0.0.1:1', body)).resolves.toMatchObject({
      outcome: 'unreachable',
    });
    // A fresh socket closed once the request arrived: the node may have acted on it.
    const dropping = createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    try {
      const port = (dropping.address() as AddressInfo).port;
      await expect(client.push(`http://127.0.0.1:${port}`, body)).resolves.toMatchObject({
        outcome: 'connection_error',
      });
    } finally {
      await new Promise((resolve) => dropping.close(resolve));
    }
  });

  it.each([
    [409, 'rejected'],
    [429, 'busy'],
    [503, 'unavailable'],
    [500, 'error'],
    [502, 'error'],
  ])('names the outcome of a %i answer', async (status, outcome) => {
    const answering = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(status).end());
    });
    await new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve));
    try {
      const port = (answering.address() as AddressInfo).port;
      await expect(client.push(`http://127.0.0.1:${port}`, body)).resolves.toMatchObject({
        outcome,
        status,
      });
    } finally {
      answering.closeAllConnections();
      await new Promise((resolve) => answering.close(resolve));
    }
  });
});
