// `npm start`'s system: the system builder's two hosts and dispatcher, plus an Elasticsearch
// when none is given, fixed ports, log files and a watch for pieces that exit by themselves.
import { join } from 'node:path';
import type { NodeHandle } from '../../runtime/host';
import { REPO_ROOT } from '../../runtime/host/repo_root';
import { useElasticsearch } from '../es/use_elasticsearch';
import type { DispatcherProcess } from '../system/dispatcher_process';
import { startSystem } from '../system/start_system';
import {
  generatePushToken,
  maskToken,
  nodeConfig,
  systemIndices,
  type SystemIndices,
} from '../system/system_config';
import { choosePort, DEFAULT_PORTS, wantedPorts, type WantedPorts } from './choose_port';

export { DEFAULT_PORTS };
import { openLogFile, type LogFile } from './log_files';
import { securedSettings } from './secured_settings';

export const PAGE_PATH = '/app/background_tasks';

export interface StartLocalSystemOptions {
  /** Elasticsearch to use. @defaultValue ELASTICSEARCH_HOSTS, else a provisioned one */
  esUrl?: string;
  /**
   * Ports; 0 picks a free one. A port given must be free. One not given follows `first` (the
   * second host at `first + 1`, the dispatcher at `first + 99`, as 5601/5602/5700) and falls
   * back to a free port when taken. @defaultValue DEFAULT_PORTS
   */
  ports?: WantedPorts;
  /** isolates the system in its own indices `<prefix>-tasks` etc. @defaultValue Kibana's indices */
  indexPrefix?: string;
  /** node data folders (`node-<i>`, keeping each node's id) and the dispatcher's config */
  dataRoot?: string;
  /** where `host-1.log`, `host-2.log` and `dispatcher.log` go. @defaultValue target/logs */
  logDir?: string;
  /** progress messages. @defaultValue console.log */
  log?: (line: string) => void;
  /**
   * Elasticsearch with security (its `elastic` password: ELASTIC_PASSWORD, default
   * `changeme`), hosts that authenticate with it, a dispatcher with its own API key.
   * @defaultValue false
   */
  security?: boolean;
}

export interface LocalSystemHandle {
  /** the page on the first host */
  pageUrl: string;
  esUrl: string;
  hosts: NodeHandle[];
  dispatcher: DispatcherProcess;
  /** the dispatcher's URL */
  dispatcherUrl: string;
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function choosePorts(given: WantedPorts | undefined) {
  const wanted = wantedPorts(given);
  const ifTaken = (entry: { given: boolean }) => (entry.given ? 'fail' : 'any');
  const first = await choosePort(
    { port: wanted.first.port, ifTaken: 'fail', purpose: 'first Kibana host, --port' },
    'localhost'
  );
  const second = await choosePort(
    {
      port: wanted.second.port,
      ifTaken: ifTaken(wanted.second),
      purpose: 'second Kibana host, --second-port',
    },
    'localhost'
  );
  if (second === first) throw new Error('Both hosts would share one port');
  const dispatcher = await choosePort(
    {
      port: wanted.dispatcher.port,
      ifTaken: ifTaken(wanted.dispatcher),
      purpose: 'dispatcher, --dispatcher-port',
    },
    '127.0.0.1'
  );
  return { hosts: [first, second], dispatcher };
}

export async function startLocalSystem(
  options: StartLocalSystemOptions = {}
): Promise<LocalSystemHandle> {
  const log = options.log ?? console.log;
  const dataRoot = options.dataRoot ?? join(REPO_ROOT, '.cache', 'start');
  const logDir = options.logDir ?? join(REPO_ROOT, 'target', 'logs');
  const indices = systemIndices(options.indexPrefix);
  const token = generatePushToken();
  const esUrl = options.esUrl ?? process.env.ELASTICSEARCH_HOSTS?.split(',')[0]?.trim();
  const elasticPassword = options.security
    ? (process.env.ELASTIC_PASSWORD ?? 'changeme')
    : undefined;
  const es = esUrl
    ? { url: esUrl, stop: async () => undefined }
    : await useElasticsearch(log, { elasticPassword });
  let hostLogs: LogFile[] = [];
  let hostWatch: NodeJS.Timeout | undefined;
  let system: Awaited<ReturnType<typeof startSystem>> | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      clearInterval(hostWatch);
      const pieces: Array<[string, () => Promise<void> | undefined]> = [
        ['the dispatcher and the Kibana hosts', () => system?.stop()],
      ];
      // An Elasticsearch this process did not start is left running.
      if (!esUrl) pieces.push(['Elasticsearch', () => es.stop()]);
      for (const [name, stopPiece] of pieces) {
        try {
          await stopPiece();
          log(`Stopped ${name}`);
        } catch (error: unknown) {
          log(`Stopping ${name} failed: ${error instanceof Error ? error.message : error}`);
        }
      }
      for (const file of hostLogs) file.close();
    })());

  try {
    const ports = await choosePorts(options.ports);
    hostLogs = ports.hosts.map((_, index) => openLogFile(logDir, `host-${index + 1}`));
    // Only its path (and folder): the dispatcher process writes it.
    const dispatcherLog = openLogFile(logDir, 'dispatcher');
    dispatcherLog.close();
    log(
      `Starting ${HOST_COUNT} Kibana hosts in push mode (${maskToken(token)}) and the dispatcher …`
    );
    const secured =
      elasticPassword === undefined ? undefined : await securedSettings(es.url, elasticPassword);
    system = await startSystem({
      esUrl: es.url,
      indices,
      token,
      hosts: {
        count: HOST_COUNT,
        settings: secured?.hosts,
        nodeSettings: (index) => nodeConfig(ports.hosts[index]),
        port: (index) => ports.hosts[index],
        dataRoot,
        readyTimeoutMs: 120_000,
        onOutput: (index, line) => hostLogs[index].write(line),
      },
      dispatcher: {
        port: ports.dispatcher,
        configDir: dataRoot,
        logFile: dispatcherLog.path,
        watchdog: true,
        readyTimeoutMs: 60_000,
        settings: secured?.dispatcher,
      },
    });
    const { hosts } = system;
    const dispatcher = system.dispatcher!;

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
      dispatcherUrl: await dispatcher.url(),
      indices,
      logFiles: [...hostLogs.map((file) => file.path), dispatcherLog.path],
      maskedToken: maskToken(token),
      stop,
      onUnexpectedExit: (listener) => listeners.push(listener),
    };
  } catch (error: unknown) {
    await stop();
    throw error instanceof Error ? error : new Error(String(error));
  }
}
