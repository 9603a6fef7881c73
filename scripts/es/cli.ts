// `npm run es`: starts a local Elasticsearch and keeps it up until Ctrl-C.
import { onShutdown, useElasticsearch } from './use_elasticsearch';

useElasticsearch()
  .then((es) => {
    console.log(`Press Ctrl-C to stop. export ELASTICSEARCH_HOSTS=${es.url}`);
    onShutdown(es.stop);
    setInterval(() => undefined, 1 << 30);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
