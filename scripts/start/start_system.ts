// The whole system of `npm start`: Elasticsearch, two runtime hosts in push mode, one dispatcher.
import { join } from 'node:path';
import { startNodes, type NodeHandle } from '../../runtime/host';
import { REPO_ROOT } from '../../runtime/host/repo_root';
import { useElasticsearch } from '../es/use_elasticsearch';
import { choosePort } from './choose_port';
import { openLogFile, type LogFile } from './log_files';
import { startDispatcher, type DispatcherHandle } from './start_dispatcher';
import {
  dispatcherConfig,
  generatePushToken,
  hostConfig,
  maskToken,
  nodeConfig,
  systemIndices,
  type SystemIndices,
} from './system_config';

export const PAGE_PATH = '/app/background_tasks';
export const DEFAULT_PORTS = { first: 5601, second: 5602, dispatcher: 5700 };

export interface StartSystemOptions {
  /** Elasticsearch to use. @defaultValue ELASTICSEARCH_HOSTS, else a provisioned one */
  esUrl?: string;
  /**
   * Ports; 0 picks a free one. `first` must be free when given; `second` and `dispatcher`
   * fall back to a free port when taken. @defaultValue DEFAULT_PORTS
   */
  ports?: Partial<typeof DEFAULT_PORTS>;
  /** isolates the system in its own indices `<prefix>-tasks` etc. @defaultValue Kibana's indices */
  indexPrefix?: string;
  /** node data folders (`node-<i>`, keeping each node's id) and the dispatcher's config */
  dataRoot?: string;
  /** where `host-1.log`, `host-2.log` and `dispatcher.log` go. @defaultValue target/logs */
  logDir?: string;
  /** progress messages. @defaultValue console.log */
  log?: (line: string) => void;
}

export interface SystemHandle {
  /** the page on the first host */
  pageUrl: string;
  esUrl: string;
  hosts: NodeHandle[];
  dispatcher: DispatcherHandle;
  indices: SystemIndices;
  logFiles: string[];
  /** the push token, masked */
  maskedToken: string;
  /** stops the dispatcher, the hosts, then Elasticsearch if it was started here; idempotent */
  stop(): Promise<void>;
  /** called once if the dispatcher or a host exits by itself */
  onUnexpectedExit(listener: (description: string) => void): void;
}

const HOST_COUNT = 2;

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

async function stopInReverse(started: Stoppable[], log: (line: string) => void): Promise<void> {
  for (const piece of started.splice(0).reverse()) {
    try {
      await piece.stop();
      log(`Stopped ${piece.name}`);
    } catch (error: unknown) {
      log(`Stopping ${piece.name} failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startSystem(options: StartSystemOptions = {}): Promise<SystemHandle> {
  const log = options.log ?? console.log;
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const dataRoot = options.dataRoot ?? join(REPO_ROOT, '.cache', 'start');
  const logDir = options.logDir ?? join(REPO_ROOT, 'target', 'logs');
  const indices = systemIndices(options.indexPrefix);
  const token = generatePushToken();
  const started: Stoppable[] = [];
  let stopped: Promise<void> | undefined;
  let hostWatch: NodeJS.Timeout | undefined;
  const stop = () => {
    clearInterval(hostWatch);
    return (stopped ??= stopInReverse(started, log));
  };

  try {
    const esUrl = options.esUrl ?? process.env.ELASTICSEARCH_HOSTS?.split(',')[0]?.trim();
    const es = esUrl ? { url: esUrl, stop: async () => undefined } : await useElasticsearch(log);
    // An Elasticsearch this process did not start is left running.
    if (!esUrl) started.push({ name: 'Elasticsearch', stop: es.stop });

    const hostPorts = [
      await choosePort(
        { port: ports.first, ifTaken: 'fail', purpose: 'first Kibana host, chosen with --port' },
        'localhost'
      ),
    ];
    hostPorts.push(
      await choosePort(
        { port: ports.second, ifTaken: 'any', purpose: 'second Kibana host' },
        'localhost'
      )
    );
    if (hostPorts[1] === hostPorts[0]) throw new Error('Both hosts would share one port');
    const dispatcherPort = await choosePort(
      { port: ports.dispatcher, ifTaken: 'any', purpose: 'dispatcher' },
      '127.0.0.1'
    );

    const hostLogs: LogFile[] = hostPorts.map((_, index) =>
      openLogFile(logDir, `host-${index + 1}`)
    );
    log(`Starting ${HOST_COUNT} Kibana hosts in push mode (${maskToken(token)}) …`);
    const hosts = await startNodes({
      count: HOST_COUNT,
      esUrl: es.url,
      config: hostConfig(es.url, token, indices),
      nodeConfig: (index) => nodeConfig(hostPorts[index]),
      port: (index) => hostPorts[index],
      dataRoot,
      readyTimeoutMs: 120_000,
      onOutput: (index, line) => hostLogs[index].write(line),
    }).catch((error: unknown) => {
      for (const file of hostLogs) file.close();
      throw error;
    });
    started.push({
      name: `${HOST_COUNT} Kibana hosts`,
      stop: async () => {
        await Promise.all(hosts.map((host) => host.stop()));
        for (const file of hostLogs) file.close();
      },
    });

    log('Starting the dispatcher …');
    const dispatcher = await startDispatcher({
      config: dispatcherConfig(es.url, dispatcherPort, indices),
      token,
      workDir: dataRoot,
      logDir,
      nodes: HOST_COUNT,
    });
    started.push({ name: 'the dispatcher', stop: () => dispatcher.stop() });

    const listeners: Array<(description: string) => void> = [];
    let reported = false;
    const report = (description: string) => {
      if (reported || stopped) return;
      reported = true;
      for (const listener of listeners) listener(description);
    };
    dispatcher.onUnexpectedExit(report);
    hostWatch = setInterval(() => {
      const gone = hosts.find((host) => !isAlive(host.pid));
      if (gone) report(`Kibana host ${gone.index + 1} (${gone.url}) exited`);
    }, 1000);
    hostWatch.unref();

    return {
      pageUrl: `${hosts[0].url}${PAGE_PATH}`,
      esUrl: es.url,
      hosts,
      dispatcher,
      indices,
      logFiles: [...hostLogs.map((file) => file.path), dispatcher.logFile],
      maskedToken: maskToken(token),
      stop,
      onUnexpectedExit: (listener) => listeners.push(listener),
    };
  } catch (error: unknown) {
    await stop();
    throw error instanceof Error ? error : new Error(String(error));
  }
}
