// The PushExecutor under test, over a mocked Elasticsearch client and one task type `t`.
import type { ElasticsearchClient, IBasePath } from '@kbn/core/server';
import { loggerMock } from '@kbn/core/server/logging.mock';
import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import { taskToDocumentSource } from '../../common/task_document';
import type { RegisteredTaskType } from '../types';
import {
  PushExecutor,
  type PushExecutorOptions,
  type PushExecutorStartDeps,
} from './push_executor';

export const logger = loggerMock.create();
export const claim = { owner_id: 'node-1', seq_no: 7, primary_term: 1 };

export const TRACKING = { id: 'task-1', type: 't', space: 'default', status: 'in_progress' };

export function versionConflict() {
  return Object.assign(new Error('version_conflict_engine_exception'), {
    meta: { statusCode: 409 },
  });
}

/** The task document as the dispatcher's claim left it (running, owned by node-1, at 7). */
export const sourceOf = (id: string) =>
  taskToDocumentSource(
    {
      taskType: 't',
      params: {},
      state: {},
      status: 'running',
      ownerId: 'kibana:node-1',
      attempts: 1,
    } as never,
    id
  );

export function setup(
  run: (signal: AbortSignal) => Promise<unknown>,
  tracking?: PushExecutorStartDeps['tracking'],
  taskManager = {} as TaskManagerStartContract,
  {
    capacity = 20,
    queueCapacity = 0,
    queuedVerifyAfterMs = 1000,
    onRunEnded,
  }: Partial<
    Pick<PushExecutorOptions, 'capacity' | 'queueCapacity' | 'queuedVerifyAfterMs' | 'onRunEnded'>
  > = {}
) {
  const esClient = {
    mget: jest.fn(async (request: { docs: Array<{ _id: string }> }) => ({
      docs: request.docs.map(({ _id }, i) =>
        i === 0
          ? {
              _id,
              found: true,
              _seq_no: 7,
              _primary_term: 1,
              _source: sourceOf(_id.replace(/^task:/, '')),
            }
          : { _id, found: true, _seq_no: 3, _primary_term: 1, _source: TRACKING }
      ),
    })),
    // after a conflict: by default the claim was released meanwhile (idle, owner cleared)
    get: jest.fn(async ({ id }: { id: string }): Promise<unknown> => {
      const source = sourceOf(id.replace(/^task:/, ''));
      return {
        _id: id,
        found: true,
        _seq_no: 8,
        _primary_term: 1,
        _source: { ...source, task: { ...source.task, status: 'idle', ownerId: null } },
      };
    }),
    update: jest.fn(async (_request: Record<string, unknown>): Promise<unknown> => ({})),
    delete: jest.fn(async (_request: Record<string, unknown>): Promise<unknown> => ({})),
  };
  const registered = {
    type: 't',
    definition: {},
    taskDefinition: {
      timeout: '1m',
      cost: 2,
      createTaskRunner: ({ abortController }: { abortController: AbortController }) => ({
        run: () => run(abortController.signal),
      }),
    },
  } as unknown as RegisteredTaskType;
  const executor = new PushExecutor({
    nodeId: 'node-1',
    capacity,
    queueCapacity,
    queuedVerifyAfterMs,
    onRunEnded,
    shutdownTimeoutMs: 1000,
    taskIndex: 'tasks',
    defaultMaxAttempts: 3,
    getTaskType: (type) => (type === 't' ? registered : undefined),
    logger,
  });
  executor.start({
    esClient: esClient as unknown as ElasticsearchClient,
    // written one by one here, to assert each write (the buffered writer has tests of its own)
    taskWriter: esClient as never,
    taskManager,
    basePath: { set: jest.fn() } as unknown as IBasePath,
    tracking,
  });
  return { executor, esClient, registered };
}

/** Polls the microtask and timer queues until `condition` holds (at most 1 s). */
export async function waitUntil(condition: () => boolean) {
  for (const deadline = Date.now() + 1000; !condition();) {
    if (Date.now() > deadline) throw new Error('condition not met within 1 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
