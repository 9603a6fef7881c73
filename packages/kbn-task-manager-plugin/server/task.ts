// Mirrors x-pack/platform/plugins/shared/task_manager/server/task.ts (elastic/kibana), as of Kibana 9.3
/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import type { ObjectType } from '@kbn/config-schema';
import type { KibanaRequest } from '@kbn/core/server';
import type { DecoratedError } from './task_running/errors';
import type { IntervalSchedule, RruleSchedule } from './task_schedule';

// The schedule types live in their own file here; Kibana 9.3 declares them in task.ts.
export type * from './task_schedule';

export const DEFAULT_TIMEOUT = '5m';

export enum TaskPriority {
  Low = 1,
  NormalLongRunning = 40,
  Normal = 50,
}

export enum TaskCost {
  Tiny = 1,
  Normal = 2,
  ExtraLarge = 10,
}

/**
 * Require
 * @desc Create a Subtype of type T `T` such that the property under key `P` becomes required
 */
type Require<T extends object, P extends keyof T> = Omit<T, P> & Required<Pick<T, P>>;

/**
 * The run context is passed into a task's run function as its sole argument.
 */
export interface RunContext {
  /**
   * The document describing the task instance, its params, state, id, etc.
   */
  taskInstance: ConcreteTaskInstance;

  /**
   * If an API key is associated with the task, a fake KibanaRequest object
   * is generated using the API key and passed as part of the run context.
   */
  fakeRequest?: KibanaRequest;

  /**
   * Aborted when the task is cancelled or times out. (Later Kibana versions replace it
   * with `signal: AbortSignal`.)
   */
  abortController: AbortController;
}

/**
 * The return value of a task's run function should be a promise of RunResult.
 */
export type SuccessfulRunResult = {
  /**
   * The state which will be passed to the next run of this task (if this is a
   * recurring task). See the RunContext type definition for more details.
   */
  state: Record<string, unknown>;
  taskRunError?: DecoratedError;
  shouldValidate?: boolean;
  shouldDeleteTask?: boolean;
  /** A recurring task stops: kept idle with `enabled: false`, so nothing claims it again. */
  shouldDisableTask?: boolean;
} & (
  | // ensure a SuccessfulRunResult can either specify a new `runAt` or a new `schedule`, but not both
    {
      /**
       * Specifies the next run date / time for this task. If unspecified, this is
       * treated as a single-run task, and will not be rescheduled after completion.
       */
      runAt?: Date;
      schedule?: never;
    }
  | {
      /**
       * Specifies a new schedule for this tasks. If unspecified, the task will
       * continue to use which ever schedule it already has.
       */
      schedule?: IntervalSchedule | RruleSchedule;
      runAt?: never;
    }
);

export type FailedRunResult = SuccessfulRunResult & {
  /**
   * If specified, indicates that the task failed to accomplish its work. This is
   * logged out as a warning, and the task will be reattempted after a delay.
   */
  error: DecoratedError;
};

export type RunResult = FailedRunResult | SuccessfulRunResult;

export interface FailedTaskResult {
  status: TaskStatus.Failed | TaskStatus.DeadLetter;
}

export type RunFunction = () => Promise<RunResult | undefined | void>;
export type CancelFunction = () => Promise<RunResult | undefined | void>;
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- unused in Kibana too
export interface CancellableTask<T = never> {
  run: RunFunction;
  cancel?: CancelFunction;
  cleanup?: () => Promise<void>;
}

export type TaskRunCreatorFunction = (
  context: RunContext
) => CancellableTask<RunContext['taskInstance']>;

/**
 * Defines a task which can be scheduled and run by the Kibana task manager.
 *
 * Simplified: Kibana derives the first fields from its `taskDefinitionSchema`
 * (`Omit<TypeOf<typeof taskDefinitionSchema>, 'paramsSchema'> & {...}`); they are spelled out
 * here with the same optionality (defaults: `cost` Normal, `timeout` '5m').
 */
export type TaskDefinition = {
  /** A unique identifier for the type of task being defined. */
  type: string;
  /** A brief, human-friendly title for this task. */
  title?: string;
  /** Priority of this task type. Defaults to "NORMAL" if not defined */
  priority?: number;
  /** Cost to run this task type. Defaults to "Normal". */
  cost: number;
  /** An optional more detailed description of what this task does. */
  description?: string;
  /** How long the task may run before it is timed out and retried, e.g. '5m'. */
  timeout: string;
  /** Up to how many times the task should retry when it fails to run. */
  maxAttempts?: number;
  /** The maximum number of tasks of this type that can run concurrently per Kibana instance. */
  maxConcurrency?: number;
} & {
  /**
   * Creates an object that has a run function which performs the task's work,
   * and an optional cancel function which cancels the task.
   */
  createTaskRunner: TaskRunCreatorFunction;
  stateSchemaByVersion?: Record<
    number,
    {
      schema: ObjectType;
      up: (state: Record<string, unknown>) => Record<string, unknown>;
    }
  >;
  paramsSchema?: ObjectType;
};

export enum TaskStatus {
  Idle = 'idle',
  Claiming = 'claiming',
  Running = 'running',
  Failed = 'failed',
  ShouldDelete = 'should_delete',
  Unrecognized = 'unrecognized',
  DeadLetter = 'dead_letter',
}

export enum TaskLifecycleResult {
  NotFound = 'notFound',
}

export type TaskLifecycle = TaskStatus | TaskLifecycleResult;

export interface TaskUserScope {
  apiKeyId: string;
  spaceId?: string;
  apiKeyCreatedByUser: boolean;
}

/*
 * A task instance represents all of the data required to store, fetch,
 * and execute a task.
 */
export interface TaskInstance {
  /**
   * Optional ID that can be passed by the caller. When ID is undefined, ES
   * will auto-generate a unique id.
   */
  id?: string;

  /** The task definition type whose run function will execute this instance. */
  taskType: string;

  /** The date and time that this task was originally scheduled. */
  scheduledAt?: Date;

  /** The date and time that this task started execution (only set when running). */
  startedAt?: Date | null;

  /** The date and time that this task should re-execute if stuck in "running" / timeout. */
  retryAt?: Date | null;

  /**
   * The date and time that this task is scheduled to be run. It is guaranteed not to run
   * earlier than this. Defaults to immediately.
   */
  runAt?: Date;

  /** A schedule, which specifies this as a recurring task. */
  schedule?: IntervalSchedule | RruleSchedule;

  /** A task-specific set of parameters, used by the task's run function. */
  // we allow any here as unknown will break current use in other plugins
  params: Record<string, any>;

  /** The state passed into the task's run function, and returned by the previous run. */
  // we allow any here as unknown will break current use in other plugins
  state: Record<string, any>;
  stateVersion?: number;

  /** The serialized traceparent string of the current APM transaction or span. */
  traceparent?: string;

  /** The id of the user who scheduled this task. */
  user?: string;

  /** Used to group tasks for querying. */
  scope?: string[];

  /** The random uuid of the Kibana instance which claimed ownership of the task last */
  ownerId?: string | null;

  /** Indicates whether the task is currently enabled. Disabled tasks will not be claimed. */
  enabled?: boolean;

  /* Optionally override the timeout defined in the task type for this specific task instance */
  timeoutOverride?: string;

  /* Used to break up tasks so each Kibana node can claim tasks on a subset of the partitions */
  partition?: number;

  /** Used to allow tasks to be scoped to a user via their API key */
  apiKey?: string;

  /** Meta data related to the API key associated with this task */
  userScope?: TaskUserScope;

  /* Optionally override the priority defined in the task type for this specific task instance */
  priority?: TaskPriority;
}

/**
 * Support for the depracated interval field.
 */
export interface TaskInstanceWithDeprecatedFields extends TaskInstance {
  /** An interval in minutes (e.g. '5m'). If specified, this is a recurring task. */
  interval?: string;
  /** Indicates the number of skipped executions. */
  numSkippedRuns?: number;
}

/**
 * A task instance that has an id.
 */
export type TaskInstanceWithId = Require<TaskInstance, 'id'>;

/**
 * A task instance that has an id and is ready for storage.
 */
export interface ConcreteTaskInstance extends TaskInstance {
  /** The id of the Elastic document that stores this instance's data. */
  id: string;

  /** @deprecated This field has been moved under schedule (deprecated) with version 7.6.0 */
  interval?: string;

  /** @deprecated removed with version 8.14.0 */
  numSkippedRuns?: number;

  /** The saved object version from the Elasticsearch document. */
  version?: string;

  /** The date and time that this task was originally scheduled. */
  scheduledAt: Date;

  /**
   * The number of unsuccessful attempts since the last successful run. This
   * will be zeroed out after a successful run.
   */
  attempts: number;

  /** Indicates whether or not the task is currently running. */
  status: TaskStatus;

  /** The date and time that this task is scheduled to be run. */
  runAt: Date;

  /** The date and time that this task started execution (only set when running). */
  startedAt: Date | null;

  /** The date and time that this task should re-execute if stuck in "running" / timeout. */
  retryAt: Date | null;

  /** The state passed into the task's run function, and returned by the previous run. */
  state: Record<string, any>;

  /** The random uuid of the Kibana instance which claimed ownership of the task last */
  ownerId: string | null;

  /* Used to break up tasks so each Kibana node can claim tasks on a subset of the partitions */
  partition?: number;
}

export type PartialConcreteTaskInstance = Partial<ConcreteTaskInstance> & {
  id: ConcreteTaskInstance['id'];
};

export interface ConcreteTaskInstanceVersion {
  /** The _id of the the document (not the SO id) */
  esId: string;
  /** The _seq_no of the document when using seq_no_primary_term on fetch */
  seqNo?: number;
  /** The _primary_term of the document when using seq_no_primary_term on fetch */
  primaryTerm?: number;
  /** The error found if trying to resolve the version info for this esId */
  error?: string;
}

/** How Task Manager stores a task in the `task` saved object (`params`/`state` as JSON). */
export type SerializedConcreteTaskInstance = Omit<
  ConcreteTaskInstance,
  'state' | 'params' | 'scheduledAt' | 'startedAt' | 'retryAt' | 'runAt'
> & {
  state: string;
  params: string;
  traceparent: string;
  scheduledAt: string;
  startedAt: string | null;
  retryAt: string | null;
  runAt: string;
  partition?: number;
};

export interface ApiKeyOptions {
  request?: KibanaRequest;
  regenerateApiKey?: boolean;
}

export type ScheduleOptions = Record<string, unknown> & ApiKeyOptions;
