// The registered task types, validated and given Kibana's defaults (timeout 5m, cost normal).
import { TaskCost, TaskPriority } from '@kbn/task-manager-plugin/server';
import type {
  TaskDefinitionRegistry,
  TaskRegisterDefinition,
} from '@kbn/task-manager-plugin/server';
import type { TaskDefinition } from '@kbn/task-manager-plugin/server/task';
import { DEFAULT_TASK_TIMEOUT, isInterval } from '../../../common/task_schedule';
import { CONCURRENCY_ALLOW_LIST_BY_TASK_TYPE } from './constants';

const COSTS = new Set<number>([TaskCost.Tiny, TaskCost.Normal, TaskCost.ExtraLarge]);
const PRIORITIES = new Set<number>([
  TaskPriority.Low,
  TaskPriority.NormalLongRunning,
  TaskPriority.Normal,
]);

function invalid(type: string, message: string): Error {
  return new Error(`Invalid task definition "${type}": ${message}`);
}

function sanitize(type: string, raw: TaskRegisterDefinition): TaskDefinition {
  if (typeof type !== 'string' || type.trim() === '' || type !== type.trim()) {
    throw invalid(String(type), 'the task type must be a non-empty string without edge spaces');
  }
  if (typeof raw?.createTaskRunner !== 'function') {
    throw invalid(type, 'createTaskRunner must be a function');
  }
  const timeout = raw.timeout ?? DEFAULT_TASK_TIMEOUT;
  if (typeof timeout !== 'string' || !isInterval(timeout)) {
    throw invalid(type, `timeout "${timeout}" must be {number}{s|m|h|d}, e.g. 5m`);
  }
  if (raw.priority != null && !PRIORITIES.has(raw.priority)) {
    throw invalid(
      type,
      `priority ${raw.priority} must be one of Low 1, NormalLongRunning 40, Normal 50`
    );
  }
  if (raw.cost != null && !COSTS.has(raw.cost)) {
    throw invalid(type, `cost ${raw.cost} must be one of Tiny 1, Normal 2, ExtraLarge 10`);
  }
  if (raw.maxAttempts != null && !(Number.isInteger(raw.maxAttempts) && raw.maxAttempts >= 1)) {
    throw invalid(type, `maxAttempts ${raw.maxAttempts} must be an integer of at least 1`);
  }
  if (
    raw.maxConcurrency != null &&
    !(Number.isInteger(raw.maxConcurrency) && raw.maxConcurrency >= 0)
  ) {
    throw invalid(type, `maxConcurrency ${raw.maxConcurrency} must be an integer of at least 0`);
  }
  if (raw.paramsSchema != null && typeof raw.paramsSchema.validate !== 'function') {
    throw invalid(type, 'paramsSchema must be a @kbn/config-schema object schema');
  }
  for (const [version, entry] of Object.entries(raw.stateSchemaByVersion ?? {})) {
    if (!/^\d+$/.test(version) || typeof entry?.up !== 'function' || !entry.schema) {
      throw invalid(type, `stateSchemaByVersion[${version}] needs an integer key, schema and up()`);
    }
  }
  return {
    ...raw,
    type,
    timeout,
    cost: raw.cost ?? TaskCost.Normal,
  } as TaskDefinition;
}

export class TaskTypeDictionary {
  private readonly definitions = new Map<string, TaskDefinition>();

  public getAllTypes(): string[] {
    return [...this.definitions.keys()];
  }

  public getAllDefinitions(): TaskDefinition[] {
    return [...this.definitions.values()];
  }

  public has(type: string): boolean {
    return this.definitions.has(type);
  }

  public get(type: string): TaskDefinition | undefined {
    return this.definitions.get(type);
  }

  /** Throws, naming the known types, when `type` is not registered. */
  public ensureHas(type: string): TaskDefinition {
    const definition = this.definitions.get(type);
    if (!definition) {
      throw new Error(
        `Unsupported task type "${type}". Supported types are ${this.getAllTypes().join(', ')}`
      );
    }
    return definition;
  }

  /** Adds definitions; all or none: a duplicate or invalid one rejects the whole call. */
  public registerTaskDefinitions(taskDefinitions: TaskDefinitionRegistry): void {
    const duplicate = Object.keys(taskDefinitions).find((type) => this.definitions.has(type));
    if (duplicate) {
      throw new Error(`Task ${duplicate} is already defined!`);
    }
    for (const [type, raw] of Object.entries(taskDefinitions)) {
      // As Kibana's own check (its message too): one claim query per limited type costs
      // Elasticsearch, so only the allow-listed types may have a per-node limit.
      if (
        raw?.maxConcurrency !== undefined &&
        !CONCURRENCY_ALLOW_LIST_BY_TASK_TYPE.includes(type)
      ) {
        throw new Error(`maxConcurrency setting isn't allowed for task type: ${type}`);
      }
    }
    const sanitized = Object.entries(taskDefinitions).map(([type, raw]) => sanitize(type, raw));
    for (const definition of sanitized) this.definitions.set(definition.type, definition);
  }
}
