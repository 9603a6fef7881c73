// Reads the health report from Elasticsearch: one `_msearch`, whatever the number of documents.
import type { ElasticsearchClient } from '@kbn/core/server';
import type { BackgroundTasksHealth } from '../../common/health/background_tasks_health';
import { buildHealthReport, type HealthResponses } from './build_health_report';
import type { HealthConfig } from './health_config_schema';
import { HEALTH_SEARCHES, healthMsearch, type HealthIndices } from './health_queries';

export interface ReadHealthOptions {
  esClient: ElasticsearchClient;
  indices: HealthIndices;
  config: HealthConfig;
  pushEnabled: boolean;
  /** @defaultValue Date.now */
  now?: () => number;
}

/** Thrown when one of the searches failed: the report would be wrong, not just incomplete. */
export class HealthSearchError extends Error {
  constructor(search: string, reason: string) {
    super(`The health search of [${search}] failed: ${reason}`);
    this.name = 'HealthSearchError';
  }
}

export async function readHealth({
  esClient,
  indices,
  config,
  pushEnabled,
  now = Date.now,
}: ReadHealthOptions): Promise<BackgroundTasksHealth> {
  const at = now();
  const { responses } = await esClient.msearch({
    searches: healthMsearch({
      indices,
      now: at,
      windowMs: config.window_ms,
      missedHeartbeats: config.missed_heartbeats,
    }),
  });
  const named = {} as HealthResponses;
  HEALTH_SEARCHES.forEach((search, index) => {
    const item = responses[index];
    if (!item || 'error' in item) {
      throw new HealthSearchError(search, item ? JSON.stringify(item.error) : 'no response');
    }
    named[search] = item;
  });
  return buildHealthReport({ responses: named, now: at, config, pushEnabled });
}
