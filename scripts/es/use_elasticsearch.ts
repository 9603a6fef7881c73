// Gives a script an Elasticsearch: the one in ELASTICSEARCH_HOSTS, or a local one it starts.
import { startElasticsearch, type StartOptions } from './elasticsearch';

export interface ElasticsearchHandle {
  url: string;
  /** the superuser's `Authorization` header when security is on */
  authorization?: string;
  stop(): Promise<void>;
}

export async function useElasticsearch(
  log = console.log,
  options: Pick<StartOptions, 'elasticPassword'> = {}
): Promise<ElasticsearchHandle> {
  const given = process.env.ELASTICSEARCH_HOSTS?.split(',')[0]?.trim();
  if (given) {
    log(`Using Elasticsearch at ${given} (ELASTICSEARCH_HOSTS)`);
    const authorization = process.env.ELASTICSEARCH_AUTHORIZATION;
    return { url: given, ...(authorization ? { authorization } : {}), stop: async () => undefined };
  }
  const es = await startElasticsearch(options);
  log(
    `Elasticsearch ${es.version} ready at ${es.url} in ${(es.startMs / 1000).toFixed(1)} s ` +
      `(${es.downloaded ? 'distribution downloaded' : 'cached distribution reused'})`
  );
  return es;
}

/**
 * Stops `stop` once, on SIGINT/SIGTERM or normal exit of the work, then exits with `code`.
 * A second Ctrl-C is left to the watchdog, which still takes Elasticsearch down.
 */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}
