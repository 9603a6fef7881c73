// The node heartbeat document: where the dispatcher pushes to, and what this node can run.
import { TaskCost } from '@kbn/task-manager-plugin/server';
import type { NodeDocument, NodeTaskType } from '../../common/push/push_protocol';
import { DEFAULT_MAX_ATTEMPTS } from '../../common/task_defaults';
import { DEFAULT_TASK_TIMEOUT } from '../../common/task_schedule';
import type { RegisteredTaskType } from '../types';

export interface NodeDocumentInput {
  nodeId: string;
  pushUrl: string;
  /** cost units */
  capacity: number;
  /** cost units accepted beyond `capacity`, to start as runs end. @defaultValue 0 */
  queueCapacity?: number;
  /** how often the node rewrites the document, in ms */
  heartbeatIntervalMs: number;
  taskTypes: RegisteredTaskType[];
  /** max attempts of a type that sets none. @defaultValue DEFAULT_MAX_ATTEMPTS */
  defaultMaxAttempts?: number;
  /** the tasks this node vouches for (see NodeDocument). @defaultValue none */
  vouchedTasks?: string[];
  now?: Date;
}

export function buildNodeDocument({
  nodeId,
  pushUrl,
  capacity,
  queueCapacity = 0,
  heartbeatIntervalMs,
  taskTypes,
  defaultMaxAttempts = DEFAULT_MAX_ATTEMPTS,
  vouchedTasks = [],
  now = new Date(),
}: NodeDocumentInput): NodeDocument {
  const types: Record<string, NodeTaskType> = {};
  for (const { type, definition, taskDefinition } of taskTypes) {
    types[type] = {
      timeout: taskDefinition.timeout ?? DEFAULT_TASK_TIMEOUT,
      max_attempts: taskDefinition.maxAttempts ?? defaultMaxAttempts,
      cost: taskDefinition.cost ?? TaskCost.Normal,
      ...(definition.maxConcurrency != null
        ? { max_node_concurrency: definition.maxConcurrency }
        : {}),
      ...(definition.maxClusterConcurrency != null
        ? { max_cluster_concurrency: definition.maxClusterConcurrency }
        : {}),
    };
  }
  return {
    id: nodeId,
    push_url: pushUrl,
    capacity,
    queue_capacity: queueCapacity,
    task_types: types,
    heartbeat_interval_ms: heartbeatIntervalMs,
    last_seen: now.toISOString(),
    vouched_tasks: vouchedTasks,
  };
}
