// Mirrors x-pack/platform/plugins/shared/task_manager/server/saved_objects/mappings.ts (elastic/kibana)

import type { SavedObjectsTypeMappingDefinition } from '@kbn/core/server';

export const taskMappings: SavedObjectsTypeMappingDefinition = {
  dynamic: false,
  properties: {
    taskType: {
      type: 'keyword',
    },
    scheduledAt: {
      type: 'date',
    },
    runAt: {
      type: 'date',
    },
    // NO NEED TO BE INDEXED
    // startedAt: {
    //   type: 'date',
    // },
    retryAt: {
      type: 'date',
    },
    enabled: {
      type: 'boolean',
    },
    schedule: {
      properties: {
        interval: {
          type: 'keyword',
        },
      },
    },
    attempts: {
      type: 'integer',
    },
    status: {
      type: 'keyword',
    },
    // NO NEED TO BE INDEXED
    // traceparent: {
    //   type: 'text',
    // },
    // params: {
    //   type: 'text',
    // },
    // state: {
    //   type: 'text',
    // },
    // NO NEED TO BE INDEXED
    // user: {
    //   type: 'keyword',
    // },
    scope: {
      type: 'keyword',
    },
    ownerId: {
      type: 'keyword',
    },
    partition: {
      type: 'integer',
    },
    priority: {
      type: 'integer',
    },
    // NO NEED TO BE INDEXED
    // apiKey: {
    //   type: 'binary',
    // },
    userScope: {
      properties: {
        // Indexing apiKeyId to query for mass deletion in the future
        apiKeyId: {
          type: 'keyword',
        },
        uiamApiKeyId: {
          type: 'keyword',
        },
        // NO NEED TO BE INDEXED
        // apiKeyCreatedByUser: {
        //   type: 'boolean',
        // },
        // spaceId: {
        //   type: 'keyword',
        // },
      },
    },
  },
};
