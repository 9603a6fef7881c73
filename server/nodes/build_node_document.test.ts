import { TaskCost } from '@kbn/task-manager-plugin/server';
import type { RegisteredTaskType } from '../types';
import { buildNodeDocument } from './build_node_document';

const registered = (
  type: string,
  taskDefinition: Partial<RegisteredTaskType['taskDefinition']>,
  definition: Partial<RegisteredTaskType['definition']> = {}
) => ({ type, definition, taskDefinition }) as unknown as RegisteredTaskType;

describe('buildNodeDocument', () => {
  it('describes each registered type with defaults for what it leaves out', () => {
    const doc = buildNodeDocument({
      nodeId: 'node-1',
      pushUrl: 'http://localhost:5601',
      capacity: 20,
      heartbeatIntervalMs: 2000,
      defaultMaxAttempts: 3,
      now: new Date('2025-12-01T00:00:00.000Z'),
      taskTypes: [
        registered(
          'a',
          { timeout: '1m', maxAttempts: 1, cost: TaskCost.Tiny },
          { maxConcurrency: 2, maxClusterConcurrency: 5 }
        ),
        registered('b', {}),
      ],
    });
    expect(doc).toEqual({
      id: 'node-1',
      push_url: 'http://localhost:5601',
      capacity: 20,
      queue_capacity: 0,
      heartbeat_interval_ms: 2000,
      last_seen: '2025-12-01T00:00:00.000Z',
      task_types: {
        a: {
          timeout: '1m',
          max_attempts: 1,
          cost: 1,
          max_node_concurrency: 2,
          max_cluster_concurrency: 5,
        },
        b: { timeout: '5m', max_attempts: 3, cost: 2 },
      },
      vouched_tasks: [],
    });
  });

  it('lists the tasks the node vouches for', () => {
    const doc = buildNodeDocument({
      nodeId: 'node-1',
      pushUrl: 'http://localhost:5601',
      capacity: 20,
      heartbeatIntervalMs: 2000,
      taskTypes: [],
      vouchedTasks: ['t1', 't2'],
    });
    expect(doc.vouched_tasks).toEqual(['t1', 't2']);
  });
});
