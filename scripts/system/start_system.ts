// The one system builder: runtime hosts on one Elasticsearch and, in push mode, a dispatcher —
// for `npm start`, the end-to-end tests (through test_helpers/system.ts) and the benchmark.
import { setTimeout as sleep } from 'node:timers/promises';
import { startNodes, type NodeHandle, type StartNodesOptions } from '../../runtime/host';
import type { ConfigObject } from '../../runtime/host/config/deep_object';
import { DispatcherProcess, writeConfigFile } from './dispatcher_process';
import {
  dispatcherConfig,
  generatePushToken,
  hostConfig,
  pullHostConfig,
  type DispatcherSections,
  type EsHosts,
  type SystemIndices,
} from './system_config';

export interface SystemHostOptions {
  /** @defaultValue 2 */
  count?: number;
  /** settings (dotted keys) over the mode's host settings, for every host */
  settings?: ConfigObject;
  /** settings of one host, by index */
  nodeSettings?: (index: number) => ConfigObject;
  port?: StartNodesOptions['port'];
  dataRoot?: string;
  /** how long a host may take to come up, in ms. @defaultValue 60000 */
  readyTimeoutMs?: number;
  onOutput?: StartNodesOptions['onOutput'];
  /**
   * Starts the hosts one at a time, this long apart (ms, asked before each host after the
   * first). Pull-mode hosts started together poll in step; real Kibana nodes do not.
   * @defaultValue together
   */
  stagger?: () => number;
  /**
   * Where host `index` reaches Elasticsearch instead of `esUrl` (e.g. its own proxy, to cut it
   * off alone); the hosts then start one at a time. @defaultValue esUrl
   */
  esUrl?: (index: number) => string | undefined;
}

export interface SystemDispatcherOptions {
  /** its id; two dispatchers on one system need two. @defaultValue the dispatcher's own */
  id?: string;
  /** single settings of a section over the defaults, e.g. `{ poll: { interval_ms: 200 } }` */
  settings?: DispatcherSections;
  /** its port. @defaultValue 0 (a free one) */
  port?: number;
  /** where `dispatcher.yml` is written. @defaultValue a new temporary folder */
  configDir?: string;
  logFile?: string;
  /** see {@link DispatcherProcessOptions.watchdog}. @defaultValue false */
  watchdog?: boolean;
  /** how long it may take to lead and see every host, in ms. @defaultValue 20000 */
  readyTimeoutMs?: number;
}

export interface StartSystemOptions {
  /** Elasticsearch's URL, or every node's: hosts and dispatcher then try each in turn */
  esUrl: EsHosts;
  /** index names; each undefined one keeps Kibana's default */
  indices?: SystemIndices;
  /** push: Task Manager's claiming off, a dispatcher pushes; pull: Task Manager claims. @defaultValue 'push' */
  mode?: 'push' | 'pull';
  /** the push token hosts and dispatcher share. @defaultValue a fresh random one */
  token?: string;
  hosts?: SystemHostOptions;
  /** false: push-mode hosts without a dispatcher (a test pushes itself). @defaultValue one */
  dispatcher?: SystemDispatcherOptions | false;
}

export interface SystemHandle {
  esUrl: EsHosts;
  indices: SystemIndices;
  hosts: NodeHandle[];
  /** the dispatcher, in push mode unless asked for none */
  dispatcher?: DispatcherProcess;
  /** stops the dispatcher, then the hosts; idempotent (indices are the caller's) */
  stop(): Promise<void>;
}

export async function startSystem(options: StartSystemOptions): Promise<SystemHandle> {
  const { esUrl, mode = 'push', hosts: hostOptions = {} } = options;
  const indices = options.indices ?? {};
  const token = options.token ?? generatePushToken();
  const count = hostOptions.count ?? 2;
  const hosts: NodeHandle[] = [];
  let dispatcher: DispatcherProcess | undefined;
  // A SIGKILL on exit: a dispatcher left behind would keep leading on these indices.
  const killOnExit = () => dispatcher?.kill('SIGKILL');
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await dispatcher?.stop();
      process.off('exit', killOnExit);
      await Promise.all(hosts.map((host) => host.stop()));
    })());

  try {
    const base =
      mode === 'push' ? hostConfig(esUrl, token, indices) : pullHostConfig(esUrl, indices);
    const start = (first: number, n: number) =>
      startNodes({
        count: n,
        esUrl: (n === 1 && hostOptions.esUrl?.(first)) || esUrl,
        config: { ...base, ...hostOptions.settings },
        nodeConfig: hostOptions.nodeSettings && ((i) => hostOptions.nodeSettings!(first + i)),
        port: hostOptions.port && ((i) => hostOptions.port!(first + i)),
        dataRoot: hostOptions.dataRoot,
        readyTimeoutMs: hostOptions.readyTimeoutMs,
        onOutput: hostOptions.onOutput && ((i, line) => hostOptions.onOutput!(first + i, line)),
      });
    if (hostOptions.stagger || hostOptions.esUrl) {
      // Each one-host start would name its data folder node-0.
      if (hostOptions.dataRoot) throw new Error('hosts.stagger cannot share a hosts.dataRoot');
      for (let i = 0; i < count; i++) {
        if (i > 0 && hostOptions.stagger) await sleep(hostOptions.stagger());
        hosts.push(...(await start(i, 1)));
      }
    } else {
      hosts.push(...(await start(0, count)));
    }

    if (mode === 'push' && options.dispatcher !== false) {
      const own = options.dispatcher ?? {};
      const config = dispatcherConfig(esUrl, own.port ?? 0, indices, own.settings);
      dispatcher = new DispatcherProcess(
        writeConfigFile(own.id ? { ...config, id: own.id } : config, undefined, own.configDir),
        { DISPATCHER_PUSH__TOKEN: token },
        { logFile: own.logFile, watchdog: own.watchdog }
      );
      process.once('exit', killOnExit);
      await dispatcher.waitForReady(count, own.readyTimeoutMs);
    }
    return { esUrl, indices, hosts, dispatcher, stop };
  } catch (error: unknown) {
    await stop().catch(() => undefined);
    throw error instanceof Error ? error : new Error(String(error));
  }
}
