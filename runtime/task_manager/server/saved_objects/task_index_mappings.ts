// The task index's mappings and settings: Kibana's saved-object root fields plus the `task` type.
import type { estypes } from '@elastic/elasticsearch';
import { taskMappings } from '@kbn/task-manager-plugin/server/saved_objects/mappings';

/**
 * Mappings of the task index as Kibana builds them for a saved-object index holding only the
 * `task` type. One departure: `typeMigrationVersion` is a keyword, because the `version` field
 * type lives in an Elasticsearch module the test distribution does not ship.
 */
export function getTaskIndexMappings(): estypes.MappingTypeMapping {
  return {
    dynamic: 'strict',
    properties: {
      type: { type: 'keyword' },
      namespace: { type: 'keyword' },
      namespaces: { type: 'keyword' },
      originId: { type: 'keyword' },
      updated_at: { type: 'date' },
      created_at: { type: 'date' },
      references: {
        type: 'nested',
        properties: {
          name: { type: 'keyword' },
          type: { type: 'keyword' },
          id: { type: 'keyword' },
        },
      },
      coreMigrationVersion: { type: 'keyword' },
      typeMigrationVersion: { type: 'keyword' },
      managed: { type: 'boolean' },
      task: taskMappings as estypes.MappingProperty,
    },
  };
}

/** Index settings of Kibana's saved-object indices. */
export const TASK_INDEX_SETTINGS: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  auto_expand_replicas: '0-1',
  refresh_interval: '1s',
};
