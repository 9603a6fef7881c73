// `npm start`: an Elasticsearch (provisioned, or ELASTICSEARCH_HOSTS) and a runtime host with every discovered plugin.
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_FILE, startHost } from '../runtime/host';
import { onShutdown, useElasticsearch } from './es/use_elasticsearch';

/** Something `npm start` started, stopped in reverse order on Ctrl-C or failure. */
interface Started {
  name: string;
  stop(): Promise<void>;
}

const started: Started[] = [];

async function stopAll(): Promise<void> {
  for (const service of started.splice(0).reverse()) {
    try {
      await service.stop();
      console.log(`Stopped ${service.name}`);
    } catch (error: unknown) {
      console.error(
        `Stopping ${service.name} failed: ${error instanceof Error ? error.message : error}`
      );
    }
  }
}

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { config: { type: 'string' }, port: { type: 'string' } },
  });
  return {
    configFile: values.config ?? DEFAULT_CONFIG_FILE,
    port: values.port === undefined ? undefined : Number(values.port),
  };
}

async function main(): Promise<void> {
  const { configFile, port } = options();
  onShutdown(stopAll);
  const es = await useElasticsearch();
  started.push({ name: 'Elasticsearch', stop: es.stop });

  const host = await startHost({ configFile, port, config: { 'elasticsearch.hosts': es.url } });
  started.push({ name: `host ${host.uuid}`, stop: host.stop });

  console.log(`\nKibana host: ${host.url}   (status: ${host.url}/api/status)`);
  console.log(`Elasticsearch: ${es.url}`);
  console.log('Press Ctrl-C to stop everything npm start started.');
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stopAll();
  process.exit(1);
});
