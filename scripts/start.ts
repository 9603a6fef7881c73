// `npm start`: the whole system (Elasticsearch, two hosts in push mode, a dispatcher) until Ctrl-C.
import { parseArgs } from 'node:util';
import { onShutdown } from './es/use_elasticsearch';
import { DEFAULT_PORTS, startLocalSystem } from './start/start_local_system';

const USAGE = `Usage: npm start [-- options]

Starts Elasticsearch (unless ELASTICSEARCH_HOSTS names one), two Kibana hosts with the plugin
in push mode, and the dispatcher, until Ctrl-C.

  --port <P>              first Kibana host (default ${DEFAULT_PORTS.first}); the others follow it:
                          second host P+1, dispatcher P+${DEFAULT_PORTS.dispatcher - DEFAULT_PORTS.first}
  --second-port <P>       second Kibana host (default: --port + 1)
  --dispatcher-port <P>   dispatcher (default: --port + ${DEFAULT_PORTS.dispatcher - DEFAULT_PORTS.first})
  --security              Elasticsearch with security on: log in as elastic / ELASTIC_PASSWORD
                          (default changeme); with ELASTICSEARCH_HOSTS, that cluster must have it
  --help                  this text

A port given here must be free; a port derived from --port falls back to a free one.`;

function portOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--${name}: "${value}" is not a port (0 to 65535)`);
  }
  return port;
}

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: 'string' },
      'second-port': { type: 'string' },
      'dispatcher-port': { type: 'string' },
      security: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    first: portOption('port', values.port),
    second: portOption('second-port', values['second-port']),
    dispatcher: portOption('dispatcher-port', values['dispatcher-port']),
    security: values.security ?? false,
  };
}

async function main(): Promise<void> {
  const { security, ...ports } = options();
  let stop: () => Promise<void> = async () => undefined;
  onShutdown(() => stop());
  const system = await startLocalSystem({ ports, security });
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
  Elasticsearch:  ${system.esUrl}${
    security
      ? `
  Log in as:      elastic / ${process.env.ELASTIC_PASSWORD ? '$ELASTIC_PASSWORD' : 'changeme'}`
      : ''
  }
  Logs:           ${system.logFiles.join('\n                  ')}

Press Ctrl-C to stop everything npm start started.`);
  // The children are unref'd: this keeps the process (and with it the system) up until Ctrl-C.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
