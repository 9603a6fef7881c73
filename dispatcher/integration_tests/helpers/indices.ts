// Test indices in the layouts the dispatcher reads: Task Manager's task index (Kibana's
// saved-object task mappings), tracking documents and node heartbeats; plus task fixtures.
import type { Client } from '@elastic/elasticsearch';
import {
  dispatcherConfig,
  mergeSections,
  type DispatcherSections,
} from '../../../scripts/system/system_config';
import { createStoredIndices } from '../../../test_helpers/stored_indices';
import {
  TEST_PUSH_TOKEN,
  testDispatcherSettings,
  uniqueSystemIndices,
} from '../../../test_helpers/system';
import type { DispatcherConfig } from '../../src/config';
import { parseConfig } from '../../src/config';

export interface TestIndices {
  tasks: string;
  tracking: string;
  nodes: string;
  dispatcher: string;
}

export async function createTestIndices(es: Client, prefix: string): Promise<TestIndices> {
  const { tasks, tracking, nodes, dispatcher } = uniqueSystemIndices(prefix);
  const indices = { tasks, tracking, nodes, dispatcher };
  await createStoredIndices(es, indices);
  return indices;
}

export async function deleteTestIndices(es: Client, indices: TestIndices) {
  await es.indices.delete({ index: Object.values(indices), ignore_unavailable: true });
}

export interface TestTask {
  id: string;
  type?: string;
  status?: string;
  runAt?: string;
  retryAt?: string | null;
  attempts?: number;
  ownerId?: string | null;
  priority?: number;
  schedule?: { interval: string };
  scope?: string[];
}

/** Writes task documents in Kibana's saved-object layout, as Task Manager's schedule would. */
export async function scheduleTasks(
  es: Client,
  index: string,
  tasks: TestTask[],
  refresh: boolean | 'wait_for' = 'wait_for'
) {
  if (tasks.length === 0) return;
  const now = new Date().toISOString();
  const response = await es.bulk({
    refresh,
    operations: tasks.flatMap((task) => [
      { index: { _index: index, _id: `task:${task.id}` } },
      {
        type: 'task',
        updated_at: now,
        task: {
          taskType: task.type ?? 'test:work',
          status: task.status ?? 'idle',
          runAt: task.runAt ?? now,
          scheduledAt: now,
          startedAt: null,
          retryAt: task.retryAt ?? null,
          attempts: task.attempts ?? 0,
          ownerId: task.ownerId ?? null,
          schedule: task.schedule,
          params: JSON.stringify({ id: task.id }),
          state: '{}',
          scope: task.scope ?? ['backgroundTasks'],
          enabled: true,
          priority: task.priority,
        },
      },
    ]),
  });
  if (response.errors) throw new Error(`scheduling failed: ${JSON.stringify(response.items[0])}`);
}

export async function writeTrackingDocument(
  es: Client,
  index: string,
  id: string,
  status = 'in_progress'
) {
  const now = new Date().toISOString();
  await es.index({
    index,
    id,
    refresh: 'wait_for',
    document: {
      id,
      type: 'test:work',
      status,
      space: 'default',
      created_at: now,
      updated_at: now,
      task: { params: {} },
    },
  });
}

/**
 * A dispatcher configuration over the test indices: the e2e suites' test timings, with smaller
 * batches, a quicker push give-up and fewer missed heartbeats for the stand-in nodes, silent.
 */
export function testDispatcherConfig(
  esUrl: string,
  indices: TestIndices,
  overrides: DispatcherSections = {}
): DispatcherConfig {
  const inProcess: DispatcherSections = {
    poll: { batch_size: 50 },
    nodes: { missed_heartbeats: 3 },
    // The production push timeout: a push left unanswered lapses at retryAt (30 s and more), so
    // a slow answer on this loaded 2-core machine must not pass for none. Tests of timeouts set
    // their own (release_claim.test.ts: 300 ms).
    push: { token: TEST_PUSH_TOKEN, timeout_ms: 5000, backoff_initial_ms: 500 },
    logging: { level: 'silent' },
  };
  const sections = testDispatcherSettings(mergeSections(inProcess, overrides));
  return parseConfig(dispatcherConfig(esUrl, 0, indices, sections));
}
