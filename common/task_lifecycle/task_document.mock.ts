// Task documents in the shapes Kibana's own test archives hold, for tests of the lifecycle.
// Kibana: x-pack/test/functional/es_archives/task_manager_tasks/data.json
import type { TaskDocumentSource } from '../task_document';

/**
 * A task document written by Kibana 7.x (`migrationVersion.task` 7.6.0): its `task` has no
 * `enabled` field, which Kibana added in 8.2. Kibana's claim query requires `enabled: true`,
 * so such a document is never claimed.
 */
export const KIBANA_7_TASK_WITHOUT_ENABLED = {
  type: 'task',
  references: [],
  migrationVersion: { task: '7.6.0' },
  updated_at: '2020-11-30T15:43:08.277Z',
  task: {
    attempts: 0,
    params: '{"spaceId":"user1","alertId":"0359d7fcc04da9878ee9aadbda38ba55"}',
    retryAt: null,
    runAt: '2020-11-30T15:43:39.626Z',
    scheduledAt: '2020-11-30T15:43:08.277Z',
    scope: ['alerting'],
    startedAt: null,
    state: '{}',
    status: 'idle',
    taskType: 'alerting:0359d7fcc04da9878ee9aadbda38ba55',
  },
} as unknown as TaskDocumentSource & { migrationVersion: Record<string, string> };
