// Registers consumers' task types with Task Manager and hands out TaskClients.
import type { ElasticsearchClient, Logger } from '@kbn/core/server';
import {
  TaskCost,
  type RunContext,
  type TaskManagerSetupContract,
  type TaskManagerStartContract,
  type TaskRegisterDefinition,
} from '@kbn/task-manager-plugin/server';
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { TRACKING_INDEX } from '../common';
import { DEFAULT_MAX_ATTEMPTS } from '../common/task_defaults';
import type { BackgroundTasksConfig } from './config';
import { cancellableTask, type CancellableTaskContext } from './cancellable_task';
import { CancellationWatcher } from './cancellation_watcher';
import { REQUEST_PATH_READ_OPTIONS, requestPathClient } from './lib/request_path_client';
import { toError } from './lib/to_error';
import { resolveRetention } from './retention/resolve_retention';
import { TrackingStore, type VersionedTrackingDocument } from './storage/tracking_store';
import { TaskClient } from './task_client';
import { writeSchedules } from './bulk_schedule';
import { ScheduleBatcher } from './schedule_batcher';
import { RunStarts } from './run_starts';
import type {
  BackgroundTaskDefinition,
  BackgroundTaskDefinitionRegistry,
  RegisteredTaskType,
  RetentionSettings,
  TaskContext,
} from './types';

interface Started {
  taskManager: TaskManagerStartContract;
  /** retrying (the client's defaults): runs record their outcomes through it */
  store: TrackingStore;
  /** one try, a short timeout: routes and callers waiting on a request */
  requestStore: TrackingStore;
  watcher: CancellationWatcher;
  vouchForOutcome?: (taskId: string) => boolean;
  /** per store: every client's concurrent schedules share bulk writes */
  batchers: Map<TrackingStore, ScheduleBatcher>;
}

export class TaskService {
  private readonly types = new Map<string, RegisteredTaskType>();
  /** the tracking versions runs hand from read to start to finish (TaskClientDeps.runVersions) */
  public readonly runVersions = new Map<string, VersionedTrackingDocument>();
  /** pushed runs' starts, decided from the push's read (TaskClientDeps.runStarts) */
  public readonly runStarts = new RunStarts();
  private started?: Started;
  private onTasksStored?: (tasks: ConcreteTaskInstance[]) => void;

  constructor(
    private readonly taskManagerSetup: TaskManagerSetupContract,
    private readonly config: BackgroundTasksConfig,
    private readonly logger: Logger
  ) {}

  /**
   * Registers task types with Task Manager, each run wrapped by `cancellableTask` and given
   * `context`. Call during setup, like `registerTaskDefinitions`.
   */
  public registerTasks<TContext extends TaskContext>(
    context: TContext,
    definitions: BackgroundTaskDefinitionRegistry<TContext>
  ): void {
    const registry: Record<string, TaskRegisterDefinition> = {};
    for (const [type, definition] of Object.entries(definitions)) {
      if (this.types.has(type)) throw new Error(`Task type [${type}] is already registered`);
      for (const key of ['maxConcurrency', 'maxClusterConcurrency'] as const) {
        const limit = definition[key];
        if (limit != null && !(Number.isInteger(limit) && limit >= 1)) {
          throw new Error(`Task type [${type}]: ${key} ${limit} must be an integer of at least 1`);
        }
      }
      const retention = this.retentionOf(type, definition);
      const taskDefinition = this.toTaskManagerDefinition(type, definition, context);
      registry[type] = taskDefinition;
      this.types.set(type, {
        type,
        definition: definition as RegisteredTaskType['definition'],
        taskDefinition,
        retention,
      });
    }
    this.taskManagerSetup.registerTaskDefinitions(registry);
  }

  /** The type's retention policy; a bad duration stops its registration, naming type and key. */
  private retentionOf(type: string, definition: { retention?: RetentionSettings }) {
    try {
      return resolveRetention(this.config.retention, definition.retention);
    } catch (caught) {
      throw new Error(`Task type [${type}]: ${toError(caught).message}`);
    }
  }

  /** A registered type, e.g. to run a pushed task when Task Manager has no ephemeralRunNow. */
  public getTaskType(type: string): RegisteredTaskType | undefined {
    return this.types.get(type);
  }

  public getRegisteredTypes(): string[] {
    return [...this.types.keys()];
  }

  public get trackingIndex(): string {
    return this.config.tracking_index ?? TRACKING_INDEX;
  }

  /** Wires the service to Elasticsearch; the tracking index is created in the background. */
  public start({
    esClient,
    taskManager,
    vouchForOutcome,
    onTasksStored,
  }: {
    esClient: ElasticsearchClient;
    taskManager: TaskManagerStartContract;
    /** the push executor's, on a node that runs pushed tasks (see CancellableTaskContext) */
    vouchForOutcome?: (taskId: string) => boolean;
    /** called with the tasks a schedule has just stored (a push node tells the dispatcher) */
    onTasksStored?: (tasks: ConcreteTaskInstance[]) => void;
  }): { trackingIndexReady: Promise<void> } {
    this.onTasksStored = onTasksStored;
    const store = new TrackingStore(esClient, this.trackingIndex);
    const watcher = new CancellationWatcher(
      store,
      this.config.cancellation_check_interval_ms,
      this.logger.get('cancellation')
    );
    const requestStore = store.withClient(requestPathClient(esClient), REQUEST_PATH_READ_OPTIONS);
    const batchers = new Map(
      [store, requestStore].map((writeTo) => [
        writeTo,
        new ScheduleBatcher((items) =>
          writeSchedules(items, { ...this.writerSettings(), store: writeTo, taskManager })
        ),
      ])
    );
    this.started = { taskManager, store, requestStore, watcher, vouchForOutcome, batchers };
    return { trackingIndexReady: store.ensureIndex() };
  }

  /**
   * A TaskClient for one space (internal user: callers decide which space a user may see), for
   * a caller waiting on it: Elasticsearch unreachable fails its call at once (a route's 503).
   */
  public getClient(space: string): TaskClient {
    return this.newClient(space, this.getStarted().requestStore);
  }

  /**
   * Decides a pushed run's start as the run begins, from the tracking
   * document the push read (`TaskClient.startRunFromRead`); the run's `startRun` answers it.
   */
  public async startRunFromRead(id: string): Promise<void> {
    const known = this.runVersions.get(id);
    if (known) await this.getRunClient(known.doc.space).startRunFromRead(id);
  }

  /** The TaskClient a run records through: its writes keep the client's retries. */
  private getRunClient(space: string): TaskClient {
    return this.newClient(space, this.getStarted().store, true);
  }

  private newClient(space: string, store: TrackingStore, forRuns = false): TaskClient {
    const { taskManager, batchers } = this.getStarted();
    return new TaskClient({
      ...this.writerSettings(),
      space,
      store,
      taskManager,
      getTaskType: (type) => this.types.get(type),
      scheduleBatcher: batchers.get(store),
      ...(forRuns ? { runVersions: this.runVersions, runStarts: this.runStarts } : {}),
    });
  }

  private writerSettings() {
    return {
      logger: this.logger.get('task_client'),
      staleThresholdMs: this.config.stale_threshold_ms,
      maxConflictRetries: this.config.max_conflict_retries,
      ...(this.onTasksStored ? { onTasksStored: this.onTasksStored } : {}),
    };
  }

  public stop(): void {
    this.started?.watcher.stop();
  }

  private getStarted(): Started {
    if (!this.started) throw new Error('The background tasks service is not started yet');
    return this.started;
  }

  private toTaskManagerDefinition<TContext extends TaskContext>(
    type: string,
    definition: BackgroundTaskDefinition<unknown, unknown, object, TContext>,
    context: TContext
  ): TaskRegisterDefinition {
    const logger = this.logger.get('task_runs', type);
    // Built per run: runs only happen after start, when the watcher exists.
    const runnerContext = (): CancellableTaskContext => ({
      logger,
      cancellationWatcher: this.getStarted().watcher,
      getTaskClient: (space) => this.getRunClient(space),
      vouchForOutcome: this.getStarted().vouchForOutcome,
    });
    return {
      title: definition.title ?? type,
      description: definition.description,
      timeout: definition.timeout ?? '5m',
      maxAttempts: definition.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      cost: definition.cost ?? TaskCost.Normal,
      priority: definition.priority,
      // Not `maxConcurrency`: Task Manager throws for it on any type off its allow-list
      // (reporting, backfill). The plugin enforces it itself, on the push path.
      createTaskRunner: (runContext: RunContext) => ({
        run: cancellableTask(
          ({ signal, reportProgress }) => {
            const { _task: _ref, ...params } = runContext.taskInstance.params;
            return definition.run({
              params,
              state: runContext.taskInstance.state,
              signal,
              reportProgress,
              taskInstance: runContext.taskInstance,
              fakeRequest: runContext.fakeRequest,
              context,
            });
          },
          runContext,
          runnerContext()
        ),
      }),
    };
  }
}
