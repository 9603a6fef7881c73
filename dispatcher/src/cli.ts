// `tsx dispatcher/src/cli.ts --config dispatcher.yml`: loads the configuration (exit 78 naming
// the bad key), runs a dispatcher, and stops it gracefully on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, redactConfig } from './config';
import { Dispatcher } from './dispatcher';
import { describeError } from './errors';
import { createLogger } from './logger';

/** EX_CONFIG of sysexits.h: the configuration is wrong. */
const EXIT_CONFIG = 78;

async function main() {
  const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' } } });
  if (!values.config) {
    console.error('Usage: dispatcher --config <file.yml>');
    process.exit(64);
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
