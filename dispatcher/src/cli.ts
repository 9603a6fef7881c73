// `tsx dispatcher/src/cli.ts --config dispatcher.yml`: loads the configuration (exit 78 naming
// the bad key), runs a dispatcher, and stops it gracefully on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, redactConfig } from './config';
import { Dispatcher } from './dispatcher';
import { describeError } from './errors';
import { createLogger } from './logger';

/** EX_CONFIG of sysexits.h: the configuration is wrong. */
const EXIT_CONFIG = 78;

const USAGE = `Usage: dispatcher --config <file.yml>

Claims due background tasks from Elasticsearch and pushes them to Kibana nodes; one of several
dispatchers leads at a time. Every setting can also come from an environment variable
DISPATCHER_<SECTION>__<KEY> (e.g. DISPATCHER_PUSH__TOKEN); the settings are listed in
dispatcher/README.md and dispatcher.example.yml.

  -c, --config <file>   the YAML configuration (required)
  -h, --help            this text`;

/** EX_USAGE of sysexits.h: the command line is wrong. */
const EXIT_USAGE = 64;

function parseCli() {
  try {
    return parseArgs({
      options: {
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(EXIT_USAGE);
  }
}

async function main() {
  const values = parseCli();
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.config) {
    console.error(USAGE);
    process.exit(EXIT_USAGE);
  }
  let config;
  try {
    config = loadConfig(values.config);
  } catch (error) {
    if (error instanceof ConfigError || (error as Error)?.name === 'ConfigError') {
      console.error((error as Error).message);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  const logger = createLogger(config.logging.level);
  logger.info('Configuration loaded', { config: redactConfig(config) });
  const dispatcher = new Dispatcher(config, { logger });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    dispatcher.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('Unclean stop', { error: describeError(error) });
        process.exit(1);
      }
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Last line of defence: log and keep running rather than die on a stray rejection.
  process.on('unhandledRejection', (reason) =>
    logger.error('Unhandled rejection', { error: describeError(reason) })
  );

  await dispatcher.start();
}

main().catch((error: unknown) => {
  console.error(`Dispatcher failed to start: ${describeError(error)}`);
  process.exit(1);
});
