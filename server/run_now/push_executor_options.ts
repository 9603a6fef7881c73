// What a PushExecutor is made with (options) and started with (start deps).
import type {
  ElasticsearchClient,
  IBasePath,
  Logger,
  SecurityServiceStart,
} from '@kbn/core/server';
import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import type { TaskWriteClient } from '../../common/task_lifecycle/write_task';
import type { VersionedTrackingDocument } from '../storage/tracking_store';
import type { RunStarts } from '../run_starts';
import type { RegisteredTaskType } from '../types';

export interface PushExecutorOptions {
  /** this node's id (Kibana `server.uuid`): the owner a valid claim names */
  nodeId: string;
  /** cost units run at once */
  capacity: number;
  /**
   * cost units of pushed tasks accepted beyond `capacity`, started in order as runs end
   * (see push_queue.ts). @defaultValue 0: a push beyond capacity is answered 429
   */
  queueCapacity?: number;
  /**
   * a queued push that waited this long (ms) has its claim read again before it starts: while
   * the node could not vouch for it, the claim may have lapsed and been taken over.
   * @defaultValue 1000
   */
  queuedVerifyAfterMs?: number;
  /** how long `stop` waits for aborted runs before releasing their claims, in ms */
  shutdownTimeoutMs: number;
  /** the task index pushed tasks are read from and finished in */
  taskIndex: string;
  /** max attempts of a type that sets none. @defaultValue DEFAULT_MAX_ATTEMPTS */
  defaultMaxAttempts?: number;
  getTaskType: (type: string) => RegisteredTaskType | undefined;
  /** a pushed run ended and its capacity is free (the node tells the dispatcher) */
  onRunEnded?: (taskId: string) => void;
  logger: Logger;
}

export interface PushExecutorStartDeps {
  esClient: ElasticsearchClient;
  taskManager: TaskManagerStartContract;
  basePath: IBasePath;
  security?: SecurityServiceStart;
  /**
   * Where task-document writes go. @defaultValue a BufferedWriter over `esClient`: concurrent
   * runs' finishes and releases share one `_bulk`
   */
  taskWriter?: TaskWriteClient;
  /**
   * The tracking index, read with the task in one `_mget`, and where the read is handed to the
   * run's start (TaskService's run versions: see `TaskClientDeps.runVersions`).
   * @defaultValue none: the run's start reads its tracking document itself
   */
  tracking?: PushTracking;
}

export interface PushTracking {
  index: string;
  versions: Map<string, VersionedTrackingDocument>;
  /** starts decided from the push's read (`TaskClientDeps.runStarts`) */
  starts?: RunStarts;
  /**
   * Decides the run's start from the push's read as the run begins, into `starts` (see
   * `TaskService.startRunFromRead`). @defaultValue none: the run writes its start itself
   */
  startRunFromRead?: (id: string) => Promise<void>;
}
