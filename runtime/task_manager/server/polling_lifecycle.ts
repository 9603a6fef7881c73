// This node's task execution: the pool, the claim-and-run polling loop, and ephemeral runs.
import { randomUUID } from 'node:crypto';
import type { KibanaRequest, Logger } from '@kbn/core/server';
import { TaskStatus } from '@kbn/task-manager-plugin/server';
import type {
  ConcreteTaskInstance,
  RunResult,
  TaskDefinition,
} from '@kbn/task-manager-plugin/server/task';
import { isFailedRunResult, toOwnerId } from '../../../common/task_lifecycle';
import type { TaskManagerConfig } from './config';
import { TaskRunAbortReason } from '../../../common/task_run_abort_reason';
import { EphemeralTaskRejectedDueToCapacityError, toError } from './errors';
import type { FakeRequestFactory } from './fake_request_factory';
import { getExcludedTaskTypes } from './lib/glob';
import { PollInterval } from './polling/poll_interval';
import { TaskPoller } from './polling/task_poller';
import { claimAvailableTasks } from './task_claiming/claim_available_tasks';
import { TaskPool } from './task_pool';
import { executeTask, finishTask } from './task_running/task_runner';
import type { TaskStore } from './task_store';
import type { TaskTypeDictionary } from './task_type_dictionary';

export interface TaskPollingLifecycleDeps {
  store: TaskStore;
  definitions: TaskTypeDictionary;
  config: TaskManagerConfig;
  /** this node's server uuid (its claims write `ownerId: kibana:<uuid>`) */
  nodeUuid: string;
  logger: Logger;
  getFakeRequestFactory: () => FakeRequestFactory;
  /** runs before each claim cycle, e.g. to create the task index */
  beforePoll?: () => Promise<void>;
  /** see `TaskManagerPluginOptions.clock` */
  clock?: () => Date;
}

/** A task to run on this node without storing it (Kibana 8's ephemeral tasks). */
export type EphemeralTask = Pick<ConcreteTaskInstance, 'taskType' | 'params'> &
  Partial<Omit<ConcreteTaskInstance, 'taskType' | 'params'>>;

/**
 * The runtime's extension of Kibana 8's `ephemeralRunNow(task)`: a caller that owns the run
 * (the push executor) passes the abort controller it aborts on shutdown or timeout, and the
 * fake request to run with. Kibana's own ephemeralRunNow takes the task only.
 */
export interface EphemeralRunOptions {
  /**
   * The run's one controller, owned by the caller: the caller admitted the run against its own
   * capacity and times it out, so Task Manager neither counts it in its pool's capacity nor
   * starts a timeout of its own (a pushed run passes one gate and one timer). Task Manager still
   * aborts it when it stops. @defaultValue a controller of Task Manager's, which gates and times
   * the run itself
   */
  abortController?: AbortController;
  /** the run's `fakeRequest`. @defaultValue one built from the task's user scope */
  request?: KibanaRequest;
}

/** What an ephemeral run resolves with: Kibana's `{ id, state }` plus the whole run result. */
export interface EphemeralRunResult {
  id: string;
  state?: ConcreteTaskInstance['state'];
  /** the runner's result (`runAt`, `schedule`, `state`, ...), for a caller that persists it */
  result: RunResult;
}

/** An ephemeral run that failed; `result` holds the runner's error and state. */
export class EphemeralTaskRunError extends Error {
  constructor(
    message: string,
    public readonly result: RunResult
  ) {
    super(message);
    this.name = 'EphemeralTaskRunError';
  }
}

export class TaskPollingLifecycle {
  public readonly pool: TaskPool;
  private readonly pollInterval: PollInterval;
  private readonly poller: TaskPoller;
  private stopping = false;

  constructor(private readonly deps: TaskPollingLifecycleDeps) {
    this.pool = new TaskPool(deps.config.capacity);
    this.pollInterval = new PollInterval(deps.config.poll_interval);
    this.poller = new TaskPoller({
      work: () => this.pollForWork(),
      getInterval: () => this.pollInterval.get(),
      logger: deps.logger,
    });
  }

  /** Whether a poll is pending or running (false once stopped). */
  public get isPolling(): boolean {
    return this.poller.isPolling;
  }

  /** The task types this node claims: registered and not excluded by `unsafe.exclude_task_types`. */
  public getClaimableTypes(): string[] {
    const types = this.deps.definitions.getAllTypes();
    const excluded = new Set(
      getExcludedTaskTypes(types, this.deps.config.unsafe.exclude_task_types)
    );
    return types.filter((type) => !excluded.has(type));
  }

  /** Starts claiming (pull mode). */
  public startPolling(): void {
    if (!this.stopping) this.poller.start();
  }

  /** Stops claiming, aborts the runs in progress and waits for them to finish. */
  public async stop(): Promise<void> {
    this.stopping = true;
    await this.poller.stop();
    this.pool.abortAll(TaskRunAbortReason.shutdown());
    await this.pool.drain();
  }

  /**
   * Runs a claim cycle now (Kibana's claim nudge after `runSoon` or `requestImmediateClaim`).
   * Kibana also delivers it to every other node through a signal index watched with
   * `_fleet/global_checkpoints`; the runtime nudges this node's poller only.
   */
  public requestImmediateClaim(): void {
    this.poller.nudge();
  }

  private async pollForWork(): Promise<void> {
    // With no capacity Kibana skips the cycle and its utilization keeps its last value.
    if (this.pool.availableCapacity() <= 0) return;
    await this.deps.beforePoll?.();
    const now = this.deps.clock?.();
    const { docs, stats } = await claimAvailableTasks({
      now,
      searchAt: now,
      store: this.deps.store,
      definitions: this.deps.definitions,
      types: this.getClaimableTypes(),
      nodeUuid: this.deps.nodeUuid,
      defaultMaxAttempts: this.deps.config.max_attempts,
      pollInterval: this.deps.config.poll_interval,
      getCapacity: (definition) => this.pool.availableCapacity(definition),
      logger: this.deps.logger,
    });
    for (const task of docs) this.runClaimedTask(task);
    // Usage is sampled at the end of the cycle, while the claimed tasks run, as Kibana does;
    // due tasks left unclaimed mean the node is short of capacity: Kibana counts that as 100%.
    const used = this.pool.usedCapacityPercentage();
    this.pollInterval.record(stats.leftUnclaimed > 0 ? 100 : used);
  }

  private fakeRequestOf(task: ConcreteTaskInstance): KibanaRequest | undefined {
    if (!task.userScope) return undefined;
    const spaceId = task.userScope.spaceId ?? 'default';
    return this.deps.getFakeRequestFactory()({ spaceId, apiKey: task.apiKey });
  }

  /** Runs a task this node claimed and writes how it ended (fenced by its claim). */
  public runClaimedTask(task: ConcreteTaskInstance): void {
    const definition = this.deps.definitions.get(task.taskType);
    const abortController = new AbortController();
    const done = this.runAndFinish(task, definition, abortController).catch((caught: unknown) => {
      this.deps.logger.error(`Running task "${task.id}" failed: ${toError(caught).message}`);
    });
    this.pool.add({
      id: task.id,
      taskType: task.taskType,
      cost: definition?.cost ?? 2,
      abortController,
      done,
    });
  }

  private async runAndFinish(
    task: ConcreteTaskInstance,
    definition: TaskDefinition | undefined,
    abortController: AbortController
  ): Promise<void> {
    const { store, config, logger } = this.deps;
    if (!definition) {
      // only registered types are claimed; a type unregistered meanwhile is left to lapse
      logger.warn(`Task "${task.id}" of unregistered type ${task.taskType} was claimed`);
      return;
    }
    const { result, runner } = await executeTask(task, {
      definition,
      abortController,
      fakeRequest: this.fakeRequestOf(task),
      logger,
    });
    await finishTask(task, result, {
      store,
      definition,
      defaultMaxAttempts: config.max_attempts,
      pollInterval: config.poll_interval,
      logger,
      runner,
      now: this.deps.clock?.(),
    });
  }

  /**
   * Runs `task` on this node now, without reading or writing the task index: resolves with its
   * result once the run ends, rejects at once with EphemeralTaskRejectedDueToCapacityError when
   * the node has no capacity for it, and with EphemeralTaskRunError when the run fails. With
   * `options.abortController` the run is aborted when the caller aborts it.
   */
  public async runEphemeral(
    task: EphemeralTask,
    options: EphemeralRunOptions = {}
  ): Promise<EphemeralRunResult> {
    const definition = this.deps.definitions.ensureHas(task.taskType);
    const id = task.id ?? randomUUID();
    const callerOwned = options.abortController !== undefined;
    if (
      this.stopping ||
      this.pool.has(id) ||
      (!callerOwned && this.pool.availableCapacity(definition) < definition.cost)
    ) {
      throw new EphemeralTaskRejectedDueToCapacityError(
        `Ephemeral Task of type ${task.taskType} was rejected`,
        { taskType: task.taskType, id }
      );
    }
    const now = new Date();
    const instance: ConcreteTaskInstance = {
      scheduledAt: now,
      runAt: now,
      startedAt: now,
      retryAt: null,
      attempts: 1,
      status: TaskStatus.Running,
      ownerId: toOwnerId(this.deps.nodeUuid),
      state: {},
      ...task,
      id,
    };
    const abortController = options.abortController ?? new AbortController();
    const execution = executeTask(instance, {
      definition,
      abortController,
      fakeRequest: options.request ?? this.fakeRequestOf(instance),
      logger: this.deps.logger,
      timesOut: !callerOwned,
    });
    this.pool.add({
      id,
      taskType: task.taskType,
      // in the pool so a stop aborts and awaits it; its capacity is counted by the caller's gate
      cost: callerOwned ? 0 : definition.cost,
      abortController,
      done: execution.then(() => undefined),
    });
    const { result } = await execution;
    if (isFailedRunResult(result)) {
      throw new EphemeralTaskRunError(
        `Failed to run task "${id}": ${result.error.message}`,
        result
      );
    }
    return { id, state: result.state, result };
  }
}
