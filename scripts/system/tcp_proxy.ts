// A TCP proxy in front of Elasticsearch that a test or the chaos suite can take down, bring back
// and slow down, to stage an outage or latency without touching the Elasticsearch behind it.
import net from 'node:net';

export class TcpProxy {
  /**
   * Delay added to every chunk in each direction, in ms (a request and its answer each wait
   * this long); changeable while up. @defaultValue 0
   */
  latencyMs = 0;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number }
  ) {}

  /** A port that is free now (nothing listens on it until `up`). */
  static async freePort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      this.forward(client, upstream);
      this.forward(upstream, client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** Refuses new connections and cuts the open ones. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Pipes `from` to `to`, each chunk `latencyMs` late, in order (one queue, one timer). */
  private forward(from: net.Socket, to: net.Socket): void {
    const queue: Array<{ due: number; chunk: Buffer | null }> = [];
    let timer: NodeJS.Timeout | undefined;
    const pump = () => {
      timer = undefined;
      while (queue.length > 0 && queue[0].due <= Date.now()) {
        const { chunk } = queue.shift()!;
        if (to.destroyed) return;
        if (chunk === null) to.end();
        else to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(pump, queue[0].due - Date.now());
    };
    const push = (chunk: Buffer | null) => {
      if (this.latencyMs <= 0 && queue.length === 0) {
        if (chunk === null) to.end();
        else to.write(chunk);
        return;
      }
      queue.push({ due: Date.now() + this.latencyMs, chunk });
      timer ??= setTimeout(pump, Math.max(0, queue[0].due - Date.now()));
    };
    from.on('data', (chunk: Buffer) => push(chunk));
    from.on('end', () => push(null));
  }
}
