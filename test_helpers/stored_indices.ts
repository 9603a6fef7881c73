// Creates a system's indices in the layouts their real writers create, for suites that write
// documents themselves: the runtime Task Manager's (Kibana's task mappings), the plugin's
// tracking index, and node heartbeats.
import type { Client } from '@elastic/elasticsearch';
import {
  getTaskIndexMappings,
  TASK_INDEX_SETTINGS,
} from '../runtime/task_manager/server/saved_objects/task_index_mappings';
import { trackingIndexMappings } from '../server/storage/tracking_index_mappings';

export async function createStoredIndices(
  es: Client,
  indices: { tasks: string; tracking: string; nodes: string }
): Promise<void> {
  await es.indices.create({
    index: indices.tasks,
    mappings: getTaskIndexMappings(),
    settings: TASK_INDEX_SETTINGS,
  });
  await es.indices.create({ index: indices.tracking, mappings: trackingIndexMappings });
  await es.indices.create({
    index: indices.nodes,
    mappings: {
      dynamic: false,
      properties: { id: { type: 'keyword' }, last_seen: { type: 'date' } },
    },
  });
}
