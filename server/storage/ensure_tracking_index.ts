// Creates the tracking index if missing: safe when many nodes start at once.
import type { ElasticsearchClient } from '@kbn/core/server';
import { trackingIndexMappings } from './tracking_index_mappings';

function isAlreadyExists(error: unknown): boolean {
  const type = (error as { meta?: { body?: { error?: { type?: string } } } })?.meta?.body?.error
    ?.type;
  return type === 'resource_already_exists_exception';
}

/**
 * Every node calls this at start. Losing the creation race to another node is success; an
 * existing index gets the current mappings put on it, which is a no-op when unchanged and
 * adds fields a newer version maps (mapping changes must stay additive).
 */
export async function ensureTrackingIndex(esClient: ElasticsearchClient, index: string) {
  try {
    await esClient.indices.create({
      index,
      mappings: trackingIndexMappings,
      settings: { hidden: true, number_of_shards: 1, auto_expand_replicas: '0-1' },
    });
    return;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  await esClient.indices.putMapping({ index, ...trackingIndexMappings });
}
