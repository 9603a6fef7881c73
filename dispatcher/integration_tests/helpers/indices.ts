// Test indices in the layouts the dispatcher reads: Task Manager's task index (Kibana's
// saved-object task mappings), tracking documents and node heartbeats; plus task fixtures.
import type { Client } from '@elastic/elasticsearch';
import { uniqueName } from '../../../test_helpers/elasticsearch';
import { createStoredIndices } from '../../../test_helpers/stored_indices';
import { TEST_PUSH_TOKEN } from '../../../test_helpers/system';
import type { DispatcherConfig } from '../../src/config';
import { parseConfig } from '../../src/config';

export interface TestIndices {
  tasks: string;
  tracking: string;
  nodes: string;
  dispatcher: string;
}

export async function createTestIndices(es: Client, prefix: string): Promise<TestIndices> {
  const base = uniqueName(prefix);
  const indices = {
    tasks: `${base}-tasks`,
    tracking: `${base}-tracking`,
    nodes: `${base}-nodes`,
    dispatcher: `${base}-dispatcher`,
  };
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

/** A dispatcher configuration over the test indices with short, test-friendly timings. */
export function testDispatcherConfig(
  esUrl: string,
  indices: TestIndices,
  overrides: Record<string, Record<string, unknown>> = {}
): DispatcherConfig {
  return parseConfig({
    elasticsearch: { hosts: [esUrl], request_timeout_ms: 2000, ...overrides.elasticsearch },
    indices,
    poll: { interval_ms: 200, backlog_interval_ms: 20, batch_size: 50, ...overrides.poll },
    lease: { duration_ms: 2000, renew_interval_ms: 300, safety_margin_ms: 500, ...overrides.lease },
    nodes: {
      heartbeat_interval_ms: 200,
      missed_heartbeats: 3,
      refresh_interval_ms: 100,
      ...overrides.nodes,
    },
    push: {
      token: TEST_PUSH_TOKEN,
      timeout_ms: 1000,
      backoff_initial_ms: 500,
      backoff_max_ms: 2000,
      ...overrides.push,
    },
    http: { host: '127.0.0.1', port: 0, ...overrides.http },
    logging: { level: 'silent', ...overrides.logging },
  });
}
