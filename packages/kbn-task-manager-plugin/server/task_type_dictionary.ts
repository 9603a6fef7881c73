// Mirrors x-pack/platform/plugins/shared/task_manager/server/task_type_dictionary.ts (elastic/kibana)

import type { ObjectType } from '@kbn/config-schema';
import type { TaskRunCreatorFunction, TaskPriority, TaskCost } from './task';

/**
 * Defines a task which can be scheduled and run by the Kibana task manager.
 */
export interface TaskRegisterDefinition {
  /** A brief, human-friendly title for this task. */
  title?: string;
  /**
   * How long, in minutes or seconds, the system should wait for the task to complete
   * before it is considered to be timed out (e.g. '5m', the default).
   */
  timeout?: string;
  /** Tasks are claimed in priority order: high before normal before low. */
  priority?: TaskPriority;
  /** An optional definition of the cost associated with running the task. */
  cost?: TaskCost;
  /** An optional more detailed description of what this task does. */
  description?: string;
  /**
   * Creates an object that has a run function which performs the task's work,
   * and an optional cancel function which cancels the task.
   */
  createTaskRunner: TaskRunCreatorFunction;
  /** Up to how many times the task should retry when it fails to run. Default 1 (global). */
  maxAttempts?: number;
  /**
   * The maximum number tasks of this type that can run concurrently per Kibana instance. Only
   * for the types on Task Manager's allow-list (`CONCURRENCY_ALLOW_LIST_BY_TASK_TYPE` in
   * task_manager/server/constants.ts: reporting and backfill): `registerTaskDefinitions` throws
   * "maxConcurrency setting isn't allowed for task type: …" for any other.
   */
  maxConcurrency?: number;
  stateSchemaByVersion?: Record<
    number,
    {
      schema: ObjectType;
      up: (state: Record<string, unknown>) => Record<string, unknown>;
    }
  >;
  paramsSchema?: ObjectType;
}

/**
 * A mapping of task type id to the task definition.
 */
export type TaskDefinitionRegistry = Record<string, TaskRegisterDefinition>;
