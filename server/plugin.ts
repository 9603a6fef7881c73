// The plugin: setup lets plugins register task types; start hands out space-scoped TaskClients.
import type {
  CoreSetup,
  CoreStart,
  KibanaRequest,
  Logger,
  Plugin,
  PluginInitializerContext,
} from '@kbn/core/server';
import type { FeaturesPluginSetup } from '@kbn/features-plugin/server';
import type { SpacesPluginSetup, SpacesPluginStart } from '@kbn/spaces-plugin/server';
import type {
  TaskManagerSetupContract,
  TaskManagerStartContract,
} from '@kbn/task-manager-plugin/server';
import { DEFAULT_SPACE_ID } from '../common/default_space_id';
import { DISPATCHER_INDEX, NODES_INDEX } from '../common/push/push_protocol';
import { TRACKING_INDEX } from '../common/constants';
import { DEFAULT_TASK_INDEX } from '../common/task_document';
import type { BackgroundTasksConfig } from './config';
import { registerBackgroundTasksFeatures } from './features';
import { readHealth } from './health/read_health';
import { toError } from './lib/to_error';
import { registerBackgroundTasksRoutes } from './routes/register_background_tasks_routes';
import { PushMode } from './run_now/push_mode';
import type { TaskClient } from './task_client';
import { TaskService } from './task_service';
import type { BackgroundTaskDefinitionRegistry, RegisteredTaskType, TaskContext } from './types';

export interface BackgroundTasksPluginSetupDeps {
  taskManager: TaskManagerSetupContract;
  spaces?: SpacesPluginSetup;
  /** grants the routes' privileges through roles; absent (no security), every caller holds them */
  features?: FeaturesPluginSetup;
}

export interface BackgroundTasksPluginStartDeps {
  taskManager: TaskManagerStartContract;
  spaces?: SpacesPluginStart;
}

export interface RegisterTasksOptions<TExtra extends object> {
  /** merged into the context every run of these types receives */
  context?: TExtra;
  /** the consumer's logger; defaults to the plugin's `tasks` logger */
  logger?: Logger;
}

export interface BackgroundTasksPluginSetup {
  /** Registers task types (during setup). Their runs are tracked and cancellable. */
  registerTasks<TExtra extends object = object>(
    definitions: BackgroundTaskDefinitionRegistry<TaskContext & TExtra>,
    options?: RegisterTasksOptions<TExtra>
  ): void;
}

export interface BackgroundTasksPluginStart {
  /** A TaskClient for the space of the request (the default space without Spaces). */
  getClient(request: KibanaRequest): TaskClient;
  /** A TaskClient for a space the caller has already authorised. */
  getClientForSpace(space: string): TaskClient;
  /** The space of a request, as the plugin sees it. */
  getSpaceId(request: KibanaRequest): string;
  /** A registered task type (e.g. to run a pushed task without Task Manager). */
  getTaskType(type: string): RegisteredTaskType | undefined;
}

export class BackgroundTasksPlugin implements Plugin<
  BackgroundTasksPluginSetup,
  BackgroundTasksPluginStart,
  BackgroundTasksPluginSetupDeps,
  BackgroundTasksPluginStartDeps
> {
  private readonly logger: Logger;
  private readonly config: BackgroundTasksConfig;
  private readonly initializerContext: PluginInitializerContext<BackgroundTasksConfig>;
  private taskService?: TaskService;
  private spaces?: SpacesPluginStart;
  private push?: PushMode;

  constructor(initializerContext: PluginInitializerContext<BackgroundTasksConfig>) {
    this.logger = initializerContext.logger.get();
    this.config = initializerContext.config.get<BackgroundTasksConfig>();
    this.initializerContext = initializerContext;
  }

  public setup(
    core: CoreSetup<BackgroundTasksPluginStartDeps, BackgroundTasksPluginStart>,
    { taskManager, features }: BackgroundTasksPluginSetupDeps
  ): BackgroundTasksPluginSetup {
    if (features) registerBackgroundTasksFeatures(features);
    const taskService = new TaskService(taskManager, this.config, this.logger);
    this.taskService = taskService;
    const getScopedClients: TaskContext['getScopedClients'] = async ({ request }) => {
      const [coreStart, , self] = await core.getStartServices();
      return {
        scopedClusterClient: coreStart.elasticsearch.client.asScoped(request),
        taskClient: self.getClient(request),
      };
    };
    const defaultLogger = this.logger.get('tasks');
    this.setupRoutes(core, taskService);
    return {
      registerTasks<TExtra extends object = object>(
        definitions: BackgroundTaskDefinitionRegistry<TaskContext & TExtra>,
        options: RegisterTasksOptions<TExtra> = {}
      ) {
        const logger = options.logger ?? defaultLogger;
        const context = { ...options.context, logger, getScopedClients } as TaskContext & TExtra;
        taskService.registerTasks(context, definitions);
      },
    };
  }

  public start(
    core: CoreStart,
    { taskManager, spaces }: BackgroundTasksPluginStartDeps
  ): BackgroundTasksPluginStart {
    const taskService = this.getTaskService();
    this.spaces = spaces;
    const executor = this.push?.acceptsPushes ? this.push.executor : undefined;
    const { trackingIndexReady } = taskService.start({
      esClient: core.elasticsearch.client.asInternalUser,
      taskManager,
      vouchForOutcome: executor && ((taskId) => executor.vouchForOutcome(taskId)),
      // In push mode, a task stored due now is sent to the dispatcher, so it starts at once.
      ...(this.push ? { onTasksStored: (tasks) => this.push?.notifyStored(tasks) } : {}),
    });
    // Start must not block on Elasticsearch; every store call awaits (and retries) creation.
    trackingIndexReady.catch((caught: unknown) =>
      this.logger.error(`Could not create the tracking index: ${toError(caught).message}`, {
        tags: ['infrastructure'],
      })
    );
    const getSpaceId = (request: KibanaRequest) =>
      this.spaces?.spacesService.getSpaceId(request) ?? DEFAULT_SPACE_ID;
    const push = this.push;
    push?.start({
      esClient: core.elasticsearch.client.asInternalUser,
      taskManager,
      basePath: core.http.basePath,
      serverInfo: core.http.getServerInfo(),
      security: core.security,
      tracking: {
        index: taskService.trackingIndex,
        versions: taskService.runVersions,
        starts: taskService.runStarts,
        startRunFromRead: (id) => taskService.startRunFromRead(id),
      },
    });
    return {
      getClient: (request) => taskService.getClient(getSpaceId(request)),
      getClientForSpace: (space) => taskService.getClient(space),
      getSpaceId,
      getTaskType: (type) => taskService.getTaskType(type),
    };
  }

  public async stop(): Promise<void> {
    // Push first: its runs are aborted and their claims released while Elasticsearch is up.
    await this.push?.stop();
    this.taskService?.stop();
  }

  /** The task routes, and in push mode the executor behind `_run_now`. */
  private setupRoutes(
    core: CoreSetup<BackgroundTasksPluginStartDeps, BackgroundTasksPluginStart>,
    taskService: TaskService
  ): void {
    const { push: pushConfig, task_index: taskIndex } = this.config;
    if (pushConfig.enabled) {
      this.push = new PushMode({
        config: pushConfig,
        nodeId: this.initializerContext.env.instanceUuid,
        taskIndex: taskIndex ?? DEFAULT_TASK_INDEX,
        getTaskType: (type) => taskService.getTaskType(type),
        getTaskTypes: () =>
          taskService.getRegisteredTypes().flatMap((type) => taskService.getTaskType(type) ?? []),
        runsTasks: this.initializerContext.node.roles.backgroundTasks,
        logger: this.logger.get('push'),
      });
    }
    const push = this.push?.acceptsPushes ? this.push : undefined;
    registerBackgroundTasksRoutes({
      router: core.http.createRouter(),
      getTaskClient: async (request) => (await core.getStartServices())[2].getClient(request),
      logger: this.logger.get('routes'),
      getTaskManager: async () => (await core.getStartServices())[1].taskManager,
      getTaskTypes: () =>
        taskService.getRegisteredTypes().flatMap((type) => taskService.getTaskType(type) ?? []),
      // Internal user: the report reads system indices the caller's role need not reach.
      readHealth: async () =>
        readHealth({
          esClient: (await core.getStartServices())[0].elasticsearch.client.asInternalUser,
          indices: {
            tasks: taskIndex ?? DEFAULT_TASK_INDEX,
            tracking: this.config.tracking_index ?? TRACKING_INDEX,
            nodes: pushConfig.nodes_index ?? NODES_INDEX,
            dispatcher: pushConfig.dispatcher_index ?? DISPATCHER_INDEX,
          },
          config: this.config.health,
          pushEnabled: pushConfig.enabled,
        }),
      push: push && { token: push.token, executor: push.executor },
    });
  }

  private getTaskService(): TaskService {
    if (!this.taskService) throw new Error('The background tasks plugin was not set up');
    return this.taskService;
  }
}
