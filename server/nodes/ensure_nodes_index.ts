// Creates the node heartbeat index with fixed mappings if missing: safe when many nodes start at once.
import type { estypes } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';
import { createIndexIfMissing } from '../lib/create_index_if_missing';

/**
 * `dynamic: false` and `task_types` not indexed: task type names are keys there, and dynamic
 * mapping would add fields per type (or nest them at every dot of a name like `a.b`).
 */
export const nodesIndexMappings: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    id: { type: 'keyword' },
    push_url: { type: 'keyword' },
    capacity: { type: 'integer' },
    last_seen: { type: 'date' },
    task_types: { type: 'object', enabled: false },
  },
};

export async function ensureNodesIndex(
  esClient: ElasticsearchClient,
  index: string
): Promise<void> {
  await createIndexIfMissing(esClient, {
    index,
    mappings: nodesIndexMappings,
  });
}
