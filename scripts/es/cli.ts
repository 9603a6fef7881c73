// `npm run es`: starts a local Elasticsearch and keeps it up until Ctrl-C.
import { parseArgs } from 'node:util';
import { onShutdown, useElasticsearch } from './use_elasticsearch';

const USAGE = `Usage: npm run es [-- --help]

Starts a single-node Elasticsearch on a free port of 127.0.0.1 (security off, fresh data,
the distribution cached under .cache/), prints the ELASTICSEARCH_HOSTS line to export for
tests, and stops it on Ctrl-C. With ELASTICSEARCH_HOSTS already set, uses that one instead.

  --security   security on: the \`elastic\` superuser's password is ELASTIC_PASSWORD
               (default: changeme); prints the ELASTICSEARCH_AUTHORIZATION line too`;

const { values } = parseArgs({
  options: { help: { type: 'boolean', short: 'h' }, security: { type: 'boolean' } },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const elasticPassword = values.security ? (process.env.ELASTIC_PASSWORD ?? 'changeme') : undefined;

useElasticsearch(console.log, { elasticPassword })
  .then((es) => {
    console.log(`Press Ctrl-C to stop. export ELASTICSEARCH_HOSTS=${es.url}`);
    if (es.authorization) console.log(`export ELASTICSEARCH_AUTHORIZATION='${es.authorization}'`);
    onShutdown(es.stop);
    setInterval(() => undefined, 1 << 30);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
