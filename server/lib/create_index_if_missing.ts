// Creates an index unless another node already has: safe when many nodes start at once.
import type { estypes } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';

function isAlreadyExists(error: unknown): boolean {
  const type = (error as { meta?: { body?: { error?: { type?: string } } } })?.meta?.body?.error
    ?.type;
  return type === 'resource_already_exists_exception';
}

/** The plugin's own indices: hidden, one shard, a replica when the cluster has a second node. */
export const INTERNAL_INDEX_SETTINGS: estypes.IndicesIndexSettings = {
  hidden: true,
  number_of_shards: 1,
  auto_expand_replicas: '0-1',
};

export interface CreateIndexIfMissingOptions {
  index: string;
  mappings: estypes.MappingTypeMapping;
  /**
   * with `number_of_shards`, which another node's copy of this code also creates the index with.
   * @defaultValue INTERNAL_INDEX_SETTINGS
   */
  settings?: estypes.IndicesIndexSettings;
  /** how long to wait for the primary shard of an index another node created. @defaultValue '30s' */
  activeTimeout?: string;
}

/**
 * Returns whether this call created the index. `indices.create` answers once the primary shard
 * is active, but the loser of a creation race gets `resource_already_exists_exception` at once,
 * possibly before that shard has started: reads then fail with "all shards failed" and gets
 * with `no_shard_available_action_exception`. So the loser waits until as many shards are
 * active as the index has primaries (a replica never starts before its primary). Waiting for
 * yellow is not enough: Elasticsearch reports a new index whose primaries are still unassigned
 * as yellow.
 */
export async function createIndexIfMissing(
  esClient: ElasticsearchClient,
  {
    index,
    mappings,
    settings = INTERNAL_INDEX_SETTINGS,
    activeTimeout = '30s',
  }: CreateIndexIfMissingOptions
): Promise<boolean> {
  try {
    await esClient.indices.create({ index, mappings, settings });
    return true;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  const health = await esClient.cluster.health({
    index,
    wait_for_active_shards: Number(settings.number_of_shards ?? 1),
    timeout: activeTimeout,
  });
  if (health.timed_out) {
    throw new Error(`Index ${index} has no active primary shard after ${activeTimeout}`);
  }
  return false;
}
