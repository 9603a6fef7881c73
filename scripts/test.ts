// `npm test`'s Jest step: provisions Elasticsearch, runs every Jest project, stops it.
import { spawn } from 'node:child_process';
import { onShutdown, useElasticsearch } from './es/use_elasticsearch';

async function main() {
  const es = await useElasticsearch();
  let exitCode = 1;
  onShutdown(es.stop);
  try {
    exitCode = await new Promise<number>((resolveCode) => {
      const jest = spawn(
        process.execPath,
        [require.resolve('jest/bin/jest'), ...process.argv.slice(2)],
        { stdio: 'inherit', env: { ...process.env, ELASTICSEARCH_HOSTS: es.url } }
      );
      jest.on('exit', (code, signal) => resolveCode(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await es.stop();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
