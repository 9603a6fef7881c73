// Mirrors x-pack/platform/plugins/shared/task_manager/server/task_type_dictionary.ts (elastic/kibana main, 2026): the registration types, over main's RunContext and TaskCost

import type { ObjectType } from '@kbn/config-schema';
import type { TaskPriority } from '../../../kbn-task-manager-plugin/server/task';
import type { TaskCost, TaskRunCreatorFunction } from './task';

/** Defines a task which can be scheduled and run by the Kibana task manager. */
export interface TaskRegisterDefinition {
  /** A brief, human-friendly title for this task. */
  title?: string;
  /** How long the task may run before it is timed out and retried, e.g. '5m' (the default). */
  timeout?: string;
  /** Tasks are claimed in priority order: high before normal before low. */
  priority?: TaskPriority;
  /** An optional definition of the cost associated with running the task. */
  cost?: TaskCost;
  /** An optional more detailed description of what this task does. */
  description?: string;
  /** Creates an object that has a run function which performs the task's work. */
  createTaskRunner: TaskRunCreatorFunction;
  /** Up to how many times the task should retry when it fails to run. Default 1. */
  maxAttempts?: number;
  /** Per Kibana instance; only for types on Task Manager's allow-list. Default 0. */
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

/** A mapping of task type id to the task definition. */
export type TaskDefinitionRegistry = Record<string, TaskRegisterDefinition>;
