// `GET /api/status`: Kibana's status shape with this node's id and an overall level from Elasticsearch.
import type { IClusterClient, IRouter, PackageInfo } from '@kbn/core/server';
import type { RequestHandlerContext } from '@kbn/core/server';
import { getHeapStatistics } from 'node:v8';

export type ServiceLevel = 'available' | 'degraded' | 'unavailable' | 'critical';

interface ServiceStatus {
  level: ServiceLevel;
  summary: string;
}

export interface StatusDeps {
  router: IRouter<RequestHandlerContext>;
  client: IClusterClient;
  name: () => string;
  uuid: string;
  packageInfo: PackageInfo;
  /** ids of the plugins that started */
  pluginIds: () => string[];
}

/**
 * How long the health probe may take, in ms. One try: the client's retries backed off for
 * seconds, so an unreachable Elasticsearch (connections refused) is now reported at once.
 */
const HEALTH_TIMEOUT_MS = 2000;
/** Seconds a poller waits before asking again while Elasticsearch is unavailable. */
const RETRY_AFTER_SECONDS = 1;

async function elasticsearchStatus(client: IClusterClient): Promise<ServiceStatus> {
  try {
    const health = await client.asInternalUser.cluster.health(
      {},
      { requestTimeout: HEALTH_TIMEOUT_MS, maxRetries: 0 }
    );
    return health.status === 'red'
      ? { level: 'degraded', summary: 'Elasticsearch cluster health is red' }
      : { level: 'available', summary: 'Elasticsearch is available' };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return { level: 'unavailable', summary: `Unable to reach Elasticsearch: ${reason}` };
  }
}

/**
 * This process's memory in the shape of Kibana's `metrics.process` (`OpsProcessMetrics`, read by
 * core's `ProcessMetricsCollector`): what the soak and an operator watch for a leak.
 */
function processMetrics() {
  const memory = process.memoryUsage();
  return {
    pid: process.pid,
    memory: {
      heap: {
        total_in_bytes: memory.heapTotal,
        used_in_bytes: memory.heapUsed,
        size_limit: getHeapStatistics().heap_size_limit,
      },
      resident_set_size_in_bytes: memory.rss,
      external_in_bytes: memory.external,
      array_buffers_in_bytes: memory.arrayBuffers,
    },
    uptime_in_millis: Math.round(process.uptime() * 1000),
  };
}

export function registerStatusRoute(deps: StatusDeps): void {
  deps.router.get(
    {
      path: '/api/status',
      validate: false,
      security: {
        authz: {
          enabled: false,
          reason: 'Operators and node launchers poll it without credentials',
        },
        authc: {
          enabled: false,
          reason: 'Operators and node launchers poll it without credentials',
        },
      },
      options: { access: 'public' },
    },
    async (_context, _request, response) => {
      const elasticsearch = await elasticsearchStatus(deps.client);
      const available = elasticsearch.level === 'available';
      const { packageInfo } = deps;
      const body = {
        name: deps.name(),
        uuid: deps.uuid,
        version: {
          number: packageInfo.version,
          build_hash: packageInfo.buildSha,
          build_number: packageInfo.buildNum,
          build_snapshot: false,
          build_flavor: packageInfo.buildFlavor,
          build_date: packageInfo.buildDate.toISOString(),
        },
        status: {
          overall: {
            level: elasticsearch.level,
            summary: available ? 'All services are available' : 'Some services are unavailable',
          },
          core: { elasticsearch },
          plugins: Object.fromEntries(
            deps.pluginIds().map((id) => [id, { level: 'available', summary: 'Plugin is started' }])
          ),
        },
        metrics: {
          last_updated: new Date().toISOString(),
          collection_interval_in_millis: 5000,
          process: processMetrics(),
        },
      };
      return available || elasticsearch.level === 'degraded'
        ? response.ok({ body })
        : response.custom({
            statusCode: 503,
            body,
            bypassErrorFormat: true,
            headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
          });
    }
  );
}
