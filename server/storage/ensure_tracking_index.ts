// Creates the tracking index if missing: safe when many nodes start at once.
import type { ElasticsearchClient } from '@kbn/core/server';
import { createIndexIfMissing } from '../lib/create_index_if_missing';
import { trackingIndexMappings } from './tracking_index_mappings';

/**
 * Every node calls this at start. Losing the creation race to another node is success; an
 * existing index gets the current mappings put on it, which is a no-op when unchanged and
 * adds fields a newer version maps (mapping changes must stay additive).
 */
export async function ensureTrackingIndex(esClient: ElasticsearchClient, index: string) {
  const created = await createIndexIfMissing(esClient, {
    index,
    mappings: trackingIndexMappings,
  });
  if (!created) await esClient.indices.putMapping({ index, ...trackingIndexMappings });
}
