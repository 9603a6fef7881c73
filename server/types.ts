// The types a consumer plugin writes against: task definitions, run arguments, task context.
import type { Type } from '@kbn/config-schema';
import type { IScopedClusterClient, KibanaRequest, Logger } from '@kbn/core/server';
import type {
  ConcreteTaskInstance,
  IntervalSchedule,
  RruleSchedule,
  TaskCost,
  TaskPriority,
} from '@kbn/task-manager-plugin/server';
import type { TaskRegisterDefinition } from '@kbn/task-manager-plugin/server';
import type { RetainedStatus, RetentionPolicy } from '../common';
import type { TaskClient } from './task_client';

/** What a task gets to act on behalf of the user who scheduled it. */
export interface ScopedClients {
  scopedClusterClient: IScopedClusterClient;
  /** a TaskClient for the space of the request */
  taskClient: TaskClient;
}

export type GetScopedClients = (args: { request: KibanaRequest }) => Promise<ScopedClients>;

/**
 * Handed to every run of the task types registered with it. Consumers may extend it with
 * their own services (telemetry, other plugins' clients, ...).
 */
export interface TaskContext {
  logger: Logger;
  getScopedClients: GetScopedClients;
}

export type TaskSchedule = IntervalSchedule | RruleSchedule;

/**
 * How long a finished run's tracking document is kept, per final status, as a duration in Task
 * Manager's interval format (`{integer}{s|m|h|d}`, e.g. '90d'); a status left out keeps the
 * node's `xpack.background_tasks.retention.<status>`.
 */
export type RetentionSettings = Partial<Record<RetainedStatus, string>>;

/** What a runner may pass to `reportProgress`; both optional, shown on the page while it runs. */
export interface BackgroundTaskProgress {
  /**
   * How far the run is, a fraction from 0 to 1 (0.25: a quarter done). Outside 0..1 (a
   * percent, say) `reportProgress` throws a `TypeError` naming `value`.
   */
  value?: number;
  /**
   * What the run is doing. Longer than 200 characters it is cut, ending with an ellipsis.
   */
  message?: string;
}

/** What a runner receives. */
export interface BackgroundTaskRunArgs<
  TParams = unknown,
  TState extends object = Record<string, unknown>,
  TContext extends TaskContext = TaskContext,
> {
  /** the params as validated (and defaulted) by the type's `paramsSchema` */
  params: TParams;
  /** Task Manager state: what the previous run of a recurring task returned */
  state: Partial<TState>;
  /** aborted when a user cancels the task, or Task Manager times it out */
  signal: AbortSignal;
  /**
   * Records a progress signal. Call it while making progress: a task that does not report
   * within `stale_threshold_ms` reads as `stale`. Cheap: signals are buffered and written
   * in one batch per node per check interval. Optionally with a `value` (fraction 0..1) and a
   * `message`: given fields replace the last report's, absent ones keep them; the latest
   * report of the run is stored with the signal (`progress` in the tracking document).
   */
  reportProgress: (progress?: BackgroundTaskProgress) => void;
  taskInstance: ConcreteTaskInstance;
  /** the request of the user who scheduled the task, when Task Manager provides one */
  fakeRequest?: KibanaRequest;
  context: TContext;
}

/** What a runner returns: the payload users read once completed, and the next state. */
export interface BackgroundTaskRunResult<
  TPayload = unknown,
  TState extends object = Record<string, unknown>,
> {
  payload?: TPayload;
  state?: TState;
}

/** Keeps a params-dependent function assignable across definitions of different params. */
type Bivariant<TArg, TResult> = { bivarianceHack(arg: TArg): TResult }['bivarianceHack'];

/** A task type, as a consumer plugin defines it. */
export interface BackgroundTaskDefinition<
  TParams = unknown,
  TPayload = unknown,
  TState extends object = Record<string, unknown>,
  TContext extends TaskContext = TaskContext,
> {
  title?: string;
  description?: string;
  /** validated when scheduling; invalid params are refused before anything is written */
  paramsSchema?: Type<TParams>;
  /** Task Manager's timeout, e.g. '30s'. @defaultValue '5m' */
  timeout?: string;
  /**
   * How many times Task Manager runs a failing task before it stays failed.
   * @defaultValue DEFAULT_MAX_ATTEMPTS (1; the reason is in common/task_defaults.ts)
   */
  maxAttempts?: number;
  /** @defaultValue TaskCost.Normal */
  cost?: TaskCost;
  /** @defaultValue TaskPriority.Normal */
  priority?: TaskPriority;
  /**
   * At most this many tasks of the type run at once on each Kibana node. Enforced by the
   * plugin on the push path (the node answers 429, the dispatcher places the run elsewhere);
   * not handed to Task Manager, which refuses `maxConcurrency` for any type off its allow-list,
   * so it has no effect in pull mode. @defaultValue no limit
   */
  maxConcurrency?: number;
  /**
   * At most this many tasks of the type run at once across the whole cluster, e.g. 1 for a task
   * that must never run twice in parallel anywhere. Task Manager has no such limit: the push
   * dispatcher enforces it, so it has no effect in pull mode. @defaultValue no limit
   */
  maxClusterConcurrency?: number;
  /**
   * Makes the type recurring by default: the schedule used when `schedule()` is called
   * without one (a function of the params, or fixed).
   */
  schedule?: TaskSchedule | Bivariant<TParams, TaskSchedule | undefined>;
  /**
   * This type's retention of finished runs, e.g. `{ completed: '90d' }` for results users come
   * back to. Checked at registration. @defaultValue the node's `retention.*` settings
   */
  retention?: RetentionSettings;
  run(
    args: BackgroundTaskRunArgs<TParams, TState, TContext>
  ): Promise<BackgroundTaskRunResult<TPayload, TState> | void>;
}

export type BackgroundTaskDefinitionRegistry<TContext extends TaskContext = TaskContext> = Record<
  string,
  BackgroundTaskDefinition<unknown, unknown, object, TContext>
>;

/** Where a Task Manager task's tracking document is; stored in its params as `_task`. */
export interface TrackingReference {
  id: string;
  type: string;
  space: string;
}

/** The params this plugin gives Task Manager: the consumer's, plus the tracking reference. */
export type TaskManagerTaskParams<TParams = Record<string, unknown>> = TParams & {
  _task: TrackingReference;
};

/** A registered type: the consumer's definition and what was registered with Task Manager. */
export interface RegisteredTaskType {
  type: string;
  definition: BackgroundTaskDefinition<unknown, unknown, object, never>;
  /** what Task Manager got; a node can run a pushed task through its `createTaskRunner` */
  taskDefinition: TaskRegisterDefinition;
  /** how long its finished runs are kept (ms per final status); absent: kept forever */
  retention?: RetentionPolicy;
}
