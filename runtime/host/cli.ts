// `tsx runtime/host/cli.ts --config <file> --port <n>`: runs one host until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import type { ConfigObject } from './config/deep_object';
import { DEFAULT_CONFIG_FILE, startHost } from './start_host';
import type { HostHandle } from './start_host';

/** What a host started by `startNodes` tells its parent over IPC. */
export type HostMessage =
  { type: 'ready'; url: string; uuid: string } | { type: 'error'; message: string };

const USAGE = `Usage: tsx runtime/host/cli.ts [--config <kibana.yml>] [--port <n>] [--data <dir>] [--es <url>[,<url>...]]`;

function parseCli(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      es: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !Number.isInteger(port))
    throw new Error(`--port: "${values.port}" is not a port`);
  // Several URLs, comma-separated as in Kibana's ELASTICSEARCH_HOSTS: the nodes of one cluster.
  const hosts = values.es?.split(',');
  const config: ConfigObject = hosts
    ? { 'elasticsearch.hosts': hosts.length === 1 ? hosts[0] : hosts }
    : {};
  return { configFile: values.config ?? DEFAULT_CONFIG_FILE, port, dataDir: values.data, config };
}

function send(message: HostMessage, then: () => void = () => undefined): void {
  if (process.send && process.connected) process.send(message, undefined, {}, () => then());
  else then();
}

async function main(): Promise<void> {
  const { configFile, port, dataDir, config } = parseCli(process.argv.slice(2));
  const host: HostHandle = await startHost({ configFile, port, dataDir, config });
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping (${reason})`);
    host.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      }
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Started by startNodes: a parent that goes away (even killed) closes the channel; follow it.
  process.on('disconnect', () => shutdown('parent process gone'));
  console.log(`Host ${host.uuid} ready at ${host.url} (Ctrl-C to stop)`);
  send({ type: 'ready', url: host.url, uuid: host.uuid });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(message);
  send({ type: 'error', message }, () => process.exit(1));
});
