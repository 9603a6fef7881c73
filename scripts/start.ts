// `npm start`: the whole system (Elasticsearch, two hosts in push mode, a dispatcher) until Ctrl-C.
import { parseArgs } from 'node:util';
import { onShutdown } from './es/use_elasticsearch';
import { DEFAULT_PORTS, startLocalSystem } from './start/start_local_system';

const USAGE = 'Usage: npm start [-- --port <first host port>]';

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { port: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = values.port === undefined ? DEFAULT_PORTS.first : Number(values.port);
  if (!Number.isInteger(port) || port < 0)
    throw new Error(`--port: "${values.port}" is not a port`);
  return { port };
}

async function main(): Promise<void> {
  const { port } = options();
  let stop: () => Promise<void> = async () => undefined;
  onShutdown(() => stop());
  const system = await startLocalSystem({ ports: { first: port } });
  stop = system.stop;
  system.onUnexpectedExit((description) => {
    console.error(`\n${description}: stopping everything (logs: ${system.logFiles.join(', ')})`);
    void system.stop().finally(() => process.exit(1));
  });
  const [first, second] = system.hosts;
  console.log(`
Background tasks is up.

  Page:           ${system.pageUrl}
  Kibana hosts:   ${first.url}  and  ${second.url}   (status: <host>/api/status)
  Dispatcher:     ${system.dispatcherUrl}/health   (metrics: /metrics)
  Elasticsearch:  ${system.esUrl}
  Logs:           ${system.logFiles.join('\n                  ')}

Press Ctrl-C to stop everything npm start started.`);
  // The children are unref'd: this keeps the process (and with it the system) up until Ctrl-C.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
