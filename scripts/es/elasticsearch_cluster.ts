// Starts a throwaway multi-node Elasticsearch cluster on loopback (every node master-eligible), for
// the chaos scenario that kills a node; each node can be stopped or killed alone.
import { createServer } from 'node:net';
import { startElasticsearch, type RunningElasticsearch } from './elasticsearch';

export interface ClusterOptions {
  /** how many nodes; every one is master-eligible, so a majority must survive. @defaultValue 3 */
  nodes?: number;
  /** JVM heap of each node. @defaultValue '512m' */
  heap?: string;
  /** `cluster.name`. @defaultValue a fresh `bt-chaos-<time>` */
  name?: string;
  /** how long the nodes may take to form the cluster, in ms. @defaultValue 240000 */
  timeoutMs?: number;
}

export interface ClusterNode extends RunningElasticsearch {
  /** `node.name`, as `_cat/shards` and the cluster state name it */
  name: string;
}

export interface RunningCluster {
  name: string;
  nodes: ClusterNode[];
  /** every node's HTTP URL, for a client that should reach whichever node is alive */
  urls: string[];
  /** stops every node (a killed one included: its folder is removed); idempotent */
  stop(): Promise<void>;
}

/** Distinct free ports: each is held open until all are chosen, so none is picked twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolveServer, reject) => {
          const server = createServer();
          server.on('error', reject);
          server.listen(0, '127.0.0.1', () => resolveServer(server));
        })
    )
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/**
 * Starts `nodes` nodes together (they elect a master only once a majority of the initial ones
 * is up) and waits until the cluster answers on each. If one fails, the others are stopped.
 */
export async function startElasticsearchCluster(
  options: ClusterOptions = {}
): Promise<RunningCluster> {
  const count = options.nodes ?? 3;
  const name = options.name ?? `bt-chaos-${Date.now().toString(36)}`;
  const [httpPorts, transportPorts] = await Promise.all([freePorts(count), freePorts(count)]);
  const names = Array.from({ length: count }, (_, i) => `${name}-node-${i}`);
  const seedHosts = transportPorts.map((port) => `127.0.0.1:${port}`);
  const results = await Promise.allSettled(
    names.map((nodeName, i) =>
      startElasticsearch({
        heap: options.heap ?? '512m',
        port: httpPorts[i],
        timeoutMs: options.timeoutMs ?? 240_000,
        cluster: {
          name,
          nodeName,
          transportPort: transportPorts[i],
          seedHosts,
          initialMasterNodes: names,
        },
      })
    )
  );
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= Promise.all(started.map((n) => n.stop())).then(() => undefined));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const nodes = started.map((node, i) => ({ ...node, name: names[i] }));
  return { name, nodes, urls: nodes.map((n) => n.url), stop };
}
