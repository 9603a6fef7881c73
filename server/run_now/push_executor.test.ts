import type { ElasticsearchClient, IBasePath, Logger } from '@kbn/core/server';
import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import { taskToDocumentSource } from '../../common/task_document';
import type { RegisteredTaskType } from '../types';
import { PushExecutor } from './push_executor';

const logger = {
  debug: jest.fn(),
  warn: jest.fn(),
  error: jest.fn(),
  info: jest.fn(),
} as unknown as Logger;
const claim = { owner_id: 'node-1', seq_no: 7, primary_term: 1 };

function setup(run: (signal: AbortSignal) => Promise<unknown>) {
  const source = taskToDocumentSource(
    {
      taskType: 't',
      params: {},
      state: {},
      status: 'running',
      ownerId: 'node-1',
      attempts: 1,
    } as never,
    'task-1'
  );
  const esClient = {
    get: jest.fn(async () => ({
      _id: 'task:task-1',
      found: true,
      _seq_no: 7,
      _primary_term: 1,
      _source: source,
    })),
    update: jest.fn(async () => ({})),
    delete: jest.fn(async () => ({})),
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
    capacity: 20,
    shutdownTimeoutMs: 1000,
    taskIndex: 'tasks',
    defaultMaxAttempts: 3,
    getTaskType: (type) => (type === 't' ? registered : undefined),
    logger,
  });
  executor.start({
    esClient: esClient as unknown as ElasticsearchClient,
    taskManager: {} as TaskManagerStartContract,
    basePath: { set: jest.fn() } as unknown as IBasePath,
  });
  return { executor, esClient };
}

describe('PushExecutor', () => {
  it('on stop: aborts the run, releases its claim fenced, and refuses later pushes with 503', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { executor, esClient } = setup(
      (signal) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => reject(signal.reason));
        })
    );
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    await running;
    await executor.stop();
    expect(esClient.update).toHaveBeenCalledTimes(1);
    expect(esClient.update).toHaveBeenCalledWith(
      expect.objectContaining({
        if_seq_no: 7,
        if_primary_term: 1,
        doc: expect.objectContaining({
          task: expect.objectContaining({ status: 'idle', ownerId: null, attempts: 0 }),
        }),
      })
    );
    expect(executor.usedCapacity).toBe(0);
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 503,
      retryAfter: 1,
    });
  });

  it('finishes a successful one-shot run by deleting the document, fenced', async () => {
    const { executor, esClient } = setup(async () => ({ state: {} }));
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    await executor.stop();
    expect(esClient.delete).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'task:task-1', if_seq_no: 7, if_primary_term: 1 })
    );
    expect(esClient.update).not.toHaveBeenCalled();
  });
});
