import { loggerMock } from '@kbn/core/server/logging.mock';
import type { ConcreteTaskInstance, RunContext } from '@kbn/task-manager-plugin/server';
import type { TrackingDocument } from '../common';
import { TaskRunAbortReason, isTaskRunAbortReason } from '../common/task_run_abort_reason';
import { waitFor } from '../test_helpers/wait_for';
import { cancellableTask, type CancellableRun } from './cancellable_task';
import { CancellationWatcher } from './cancellation_watcher';
import type { TrackingStore } from './storage/tracking_store';
import { trackingStoreMock } from './storage/tracking_store.mock';
import type { TaskClient } from './task_client';

const logger = loggerMock.create();
/** when the fake client's runs start: what names each run's outcome */
const RUN_STARTED_AT = '2026-12-02T10:00:00.000Z';
const thisRun = { runStartedAt: RUN_STARTED_AT };

function setup(status: { current: TrackingDocument['status'] } = { current: 'in_progress' }) {
  const store = trackingStoreMock.answering(() => status.current);
  const watcher = new CancellationWatcher(store, 10, logger);
  const client = {
    startRun: jest.fn(async () => status.current === 'in_progress' && RUN_STARTED_AT),
    complete: jest.fn(async () => 'completed'),
    fail: jest.fn(async () => 'failed'),
    markCanceled: jest.fn(async () => 'canceled'),
  };
  const taskContext = {
    logger,
    cancellationWatcher: watcher,
    getTaskClient: jest.fn(() => client as unknown as TaskClient),
  };
  return { status, watcher, client, taskContext };
}

const taskInstance = {
  id: 'task-1',
  taskType: 'examples:sleep',
  params: { ms: 1, _task: { id: 'task-1', type: 'examples:sleep', space: 'space-a' } },
  state: { previous: true },
} as unknown as ConcreteTaskInstance;

const runContext = (): RunContext => ({ taskInstance, abortController: new AbortController() });

describe('cancellableTask', () => {
  it('records completed with the payload, for the space of the tracking reference', async () => {
    const { client, taskContext, watcher } = setup();
    const run: CancellableRun = async () => ({ payload: { slept: 1 }, state: { next: 1 } });
    await expect(cancellableTask(run, runContext(), taskContext)()).resolves.toEqual({
      state: { next: 1 },
    });
    expect(taskContext.getTaskClient).toHaveBeenCalledWith('space-a');
    expect(client.complete).toHaveBeenCalledWith(
      'task-1',
      { slept: 1 },
      { ...thisRun, recurring: false }
    );
    expect(client.fail).not.toHaveBeenCalled();
    expect(watcher.size).toBe(0);
  });

  it('records failed with the message and rethrows, as a task failure', async () => {
    const { client, taskContext } = setup();
    const run: CancellableRun = async () => {
      throw 'not an Error';
    };
    await expect(cancellableTask(run, runContext(), taskContext)()).rejects.toThrow('not an Error');
    expect(client.fail).toHaveBeenCalledWith('task-1', 'not an Error', {
      ...thisRun,
      recurring: false,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('failed'),
      expect.objectContaining({ tags: ['task-failure'] })
    );
  });

  it('records the causes of a failure with its message', async () => {
    const { client, taskContext } = setup();
    const run: CancellableRun = async () => {
      throw new Error('export failed', {
        cause: new Error('index not found', { cause: 'no such index [logs]' }),
      });
    };
    await expect(cancellableTask(run, runContext(), taskContext)()).rejects.toThrow(
      'export failed'
    );
    expect(client.fail).toHaveBeenCalledWith(
      'task-1',
      'export failed; caused by: index not found; caused by: no such index [logs]',
      { ...thisRun, recurring: false }
    );
  });

  it.each<[string, CancellableRun, string | undefined]>([
    ['completed', async () => ({ payload: 1 }), undefined],
    [
      'failed',
      async () => {
        throw new Error('boom');
      },
      'boom; ',
    ],
  ])(
    'fails a recurring run (%s) whose schedule has no next run, with the reason, not in_progress',
    async (_label, run, prefix) => {
      const { client, taskContext } = setup();
      const recurring = {
        ...taskInstance,
        runAt: new Date(),
        startedAt: new Date(),
        schedule: { rrule: { freq: 3, interval: 1, tzid: 'Not/AZone' } },
      } as ConcreteTaskInstance;
      const outcome = cancellableTask(
        run,
        { taskInstance: recurring, abortController: new AbortController() },
        taskContext
      )();
      if (prefix) await expect(outcome).rejects.toThrow('boom');
      else await expect(outcome).resolves.toBeDefined();
      expect(client.complete).not.toHaveBeenCalled();
      expect(client.fail).toHaveBeenCalledWith(
        'task-1',
        expect.stringMatching(new RegExp(`^${prefix ?? ''}Cannot compute the next run.*tzid`)),
        thisRun
      );
    }
  );

  it.each([
    ['Task Manager passes its abortController', true],
    ['a later Kibana passes a signal', false],
  ])(
    'writes no final status when a graceful shutdown aborts the run (%s), and rethrows',
    async (_label, withController) => {
      const { client, taskContext, watcher } = setup();
      const taskManagerAbort = new AbortController();
      const context = withController
        ? { taskInstance, abortController: taskManagerAbort }
        : { taskInstance, signal: taskManagerAbort.signal };
      let started = false;
      const run: CancellableRun = ({ signal }) =>
        new Promise((_resolve, reject) => {
          started = true;
          // the runner throws its own error on abort, not the reason
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        });
      const ran = cancellableTask(run, context, taskContext)();
      await waitFor(() => started);
      taskManagerAbort.abort(TaskRunAbortReason.shutdown());
      await expect(ran).rejects.toThrow('aborted');
      expect(client.fail).not.toHaveBeenCalled();
      expect(client.complete).not.toHaveBeenCalled();
      expect(client.markCanceled).not.toHaveBeenCalled();
      expect(watcher.size).toBe(0);
    }
  );

  it('still records failed when an abort other than a shutdown (a timeout) ends the run', async () => {
    const { client, taskContext } = setup();
    const context = runContext();
    let started = false;
    const run: CancellableRun = ({ signal }) =>
      new Promise((_resolve, reject) => {
        started = true;
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    const ran = cancellableTask(run, context, taskContext)();
    await waitFor(() => started);
    context.abortController.abort(TaskRunAbortReason.timeout('task-1', '1s'));
    await expect(ran).rejects.toThrow('timed out');
    expect(client.fail).toHaveBeenCalledWith('task-1', 'Task task-1 timed out after 1s', {
      ...thisRun,
      recurring: false,
    });
  });

  it('aborts abortController and records canceled once the document is being_canceled', async () => {
    const { status, client, taskContext, watcher } = setup();
    const context = runContext();
    let observed: AbortSignal | undefined;
    const run: CancellableRun = ({ signal }) => {
      observed = signal;
      return new Promise(() => undefined); // ignores the signal and never ends
    };
    const running = cancellableTask(run, context, taskContext)();
    await waitFor(() => observed);
    status.current = 'being_canceled';
    await expect(running).resolves.toMatchObject({ shouldDeleteTask: true });
    // one controller: the runner's signal is Task Manager's, aborted with the cancel reason
    expect(observed).toBe(context.abortController.signal);
    expect(isTaskRunAbortReason(observed?.reason, 'canceled')).toBe(true);
    expect(client.markCanceled).toHaveBeenCalledTimes(1);
    expect(client.complete).not.toHaveBeenCalled();
    expect(client.fail).not.toHaveBeenCalled();
    expect(watcher.size).toBe(0);
  });

  it('works with a later Kibana run context that carries `signal` instead', async () => {
    const { client, taskContext } = setup();
    const taskManagerAbort = new AbortController();
    const context = { taskInstance, signal: taskManagerAbort.signal };
    let started = false;
    const run: CancellableRun = ({ signal }) => {
      started = true;
      return new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason))
      );
    };
    const running = cancellableTask(run, context, taskContext)();
    await waitFor(() => started);
    taskManagerAbort.abort(new Error('timed out'));
    await expect(running).rejects.toThrow('timed out');
    expect(client.fail).toHaveBeenCalledWith('task-1', 'timed out', {
      ...thisRun,
      recurring: false,
    });
  });

  it('does not run a task canceled before it started', async () => {
    const { client, taskContext } = setup({ current: 'canceled' });
    const run = jest.fn();
    await expect(cancellableTask(run, runContext(), taskContext)()).resolves.toMatchObject({
      shouldDeleteTask: true,
    });
    expect(run).not.toHaveBeenCalled();
    expect(client.complete).not.toHaveBeenCalled();
  });

  it('reports progress through the watcher', async () => {
    const { taskContext } = setup();
    const flushed: string[] = [];
    (taskContext.cancellationWatcher as unknown as { store: TrackingStore }).store.bulkTouch =
      async (touches) => {
        flushed.push(...touches.map((touch) => touch.id));
        return [];
      };
    const run: CancellableRun = async ({ reportProgress }) => {
      reportProgress();
      await waitFor(() => flushed.length > 0, { description: 'the progress flush' });
      return { payload: 1 };
    };
    await cancellableTask(run, runContext(), taskContext)();
    expect(flushed).toEqual(['task-1']);
  });
});

describe('cancellableTask while Elasticsearch is unreachable', () => {
  // As the Elasticsearch client throws it: named, with a status code of 0.
  const unreachable = () =>
    Object.assign(new Error('connect ECONNREFUSED'), {
      name: 'ConnectionError',
      meta: { statusCode: 0 },
    });

  it('keeps trying to record the outcome until Elasticsearch answers', async () => {
    const { client, taskContext } = setup();
    client.complete
      .mockRejectedValueOnce(unreachable())
      .mockRejectedValueOnce(unreachable())
      .mockResolvedValueOnce('completed');
    const run: CancellableRun = async () => ({ payload: { slept: 1 } });
    await expect(cancellableTask(run, runContext(), taskContext)()).resolves.toEqual({
      state: { previous: true },
    });
    expect(client.complete).toHaveBeenCalledTimes(3);
  });

  it('gives up after its budget, logging an infrastructure error and rethrowing', async () => {
    const { client, taskContext } = setup();
    client.complete.mockRejectedValue(unreachable());
    const run: CancellableRun = async () => ({ payload: { slept: 1 } });
    await expect(
      cancellableTask(run, runContext(), { ...taskContext, recordRetryMs: 250 })()
    ).rejects.toThrow('ECONNREFUSED');
    expect(client.complete.mock.calls.length).toBeGreaterThan(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('Could not record the completion'),
      expect.objectContaining({ tags: ['infrastructure'] })
    );
  });

  it('does not retry what Elasticsearch refused for good (a 400)', async () => {
    const { client, taskContext } = setup();
    client.complete.mockRejectedValue(
      Object.assign(new Error('bad request'), { meta: { statusCode: 400 } })
    );
    const run: CancellableRun = async () => ({ payload: { slept: 1 } });
    await expect(cancellableTask(run, runContext(), taskContext)()).rejects.toThrow('bad request');
    expect(client.complete).toHaveBeenCalledTimes(1);
  });
});
