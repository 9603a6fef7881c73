// Push mode on this node: the executor behind `_run_now`, the node heartbeat, the dispatcher notify.
import type {
  ElasticsearchClient,
  HttpServerInfo,
  IBasePath,
  Logger,
  SecurityServiceStart,
} from '@kbn/core/server';
import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { toNotifiedTask, type NotifiedTask } from '../../common/push/notified_task';
import { DISPATCHER_INDEX, NODES_INDEX } from '../../common/push/push_protocol';
import { buildNodeDocument } from '../nodes/build_node_document';
import { DispatcherNotifier } from '../nodes/dispatcher_notifier';
import { NodeHeartbeat } from '../nodes/node_heartbeat';
import type { RegisteredTaskType } from '../types';
import type { PushConfig } from './push_config_schema';
import { PushExecutor, type PushExecutorStartDeps } from './push_executor';

export interface PushModeOptions {
  config: PushConfig;
  /** this node's id: `initializerContext.env.instanceUuid` */
  nodeId: string;
  taskIndex: string;
  getTaskType: (type: string) => RegisteredTaskType | undefined;
  getTaskTypes: () => RegisteredTaskType[];
  /**
   * Whether this node runs tasks (`node.roles` has `background_tasks`): only then does it
   * heartbeat and accept pushes; any node notifies the dispatcher of what it schedules.
   */
  runsTasks: boolean;
  logger: Logger;
}

export interface PushModeStartDeps {
  esClient: ElasticsearchClient;
  taskManager: TaskManagerStartContract;
  basePath: IBasePath;
  serverInfo: HttpServerInfo;
  /** `core.security`: invalidates the API key of a removed task */
  security?: SecurityServiceStart;
  /** see PushExecutorStartDeps.tracking */
  tracking?: PushExecutorStartDeps['tracking'];
}

/** The URL the dispatcher reaches this node at, when `push.url` does not say. */
export function derivePushUrl({ protocol, hostname, port }: HttpServerInfo): string {
  // A wildcard bind address is not an address to connect to.
  const host = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
  return `${protocol === 'https' ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Created in setup (the route needs the executor), started in start, stopped in stop. */
export class PushMode {
  public readonly executor: PushExecutor;
  private heartbeat?: NodeHeartbeat;
  private notifier?: DispatcherNotifier;

  constructor(private readonly options: PushModeOptions) {
    this.executor = new PushExecutor({
      nodeId: options.nodeId,
      capacity: options.config.capacity,
      queueCapacity: options.config.queue_capacity,
      shutdownTimeoutMs: options.config.shutdown_timeout_ms,
      taskIndex: options.taskIndex,
      getTaskType: options.getTaskType,
      onRunEnded: (taskId) => this.notifier?.runEnded(taskId),
      logger: options.logger,
    });
  }

  /** Whether `_run_now` is served here. */
  public get acceptsPushes(): boolean {
    return this.options.runsTasks;
  }

  /** The push token (validated present when push is enabled). */
  public get token(): string {
    return this.options.config.token ?? '';
  }

  /** Starts accepting pushes and heartbeating; the first beat is written in the background. */
  public start(deps: PushModeStartDeps): void {
    const { esClient, taskManager, basePath, serverInfo, security, tracking } = deps;
    const { config, nodeId, logger } = this.options;
    this.notifier = new DispatcherNotifier({
      esClient,
      index: config.dispatcher_index ?? DISPATCHER_INDEX,
      cacheMs: config.leader_cache_ms,
      timeoutMs: config.notify_timeout_ms,
      token: this.token,
      nodeId,
      logger: logger.get('notify'),
    });
    if (!this.options.runsTasks) return;
    this.executor.start({ esClient, taskManager, basePath, security, tracking });
    const pushUrl = config.url ?? derivePushUrl(serverInfo);
    this.heartbeat = new NodeHeartbeat({
      esClient,
      index: config.nodes_index ?? NODES_INDEX,
      intervalMs: config.heartbeat_interval_ms,
      logger: logger.get('heartbeat'),
      buildDocument: () =>
        buildNodeDocument({
          nodeId,
          pushUrl,
          capacity: this.executor.capacity,
          queueCapacity: config.queue_capacity,
          heartbeatIntervalMs: config.heartbeat_interval_ms,
          taskTypes: this.options.getTaskTypes(),
          vouchedTasks: this.executor.vouchedTaskIds(),
        }),
    });
    void this.heartbeat.start();
    logger.info(`Push mode: accepting pushed tasks at ${pushUrl} (capacity ${config.capacity})`);
  }

  /**
   * Tells the dispatcher leader which of the tasks Task Manager has just stored are due now
   * (fire-and-forget), each as stored, so it claims them without reading them back.
   */
  public notifyStored(tasks: ConcreteTaskInstance[], now = Date.now()): void {
    const ids: string[] = [];
    const stored: NotifiedTask[] = [];
    for (const task of tasks) {
      if (task.runAt.getTime() > now) continue;
      const notified = toNotifiedTask(task);
      if (notified) stored.push(notified);
      else ids.push(task.id);
    }
    this.notifier?.notify(ids, stored);
  }

  /**
   * Leaves the cluster first (no new pushes come), then aborts the runs and releases their
   * claims so the dispatcher re-dispatches them at once.
   */
  public async stop(): Promise<void> {
    await this.heartbeat?.stop();
    await this.executor.stop();
    this.notifier?.close();
  }
}
