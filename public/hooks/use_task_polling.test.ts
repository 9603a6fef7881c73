/** @jest-environment jsdom */
// Behaviour of useTaskPolling under fake timers: when it polls, stops, backs off and cancels.
import { act, renderHook } from '@testing-library/react';
import type { TaskResult } from '../../common';
import { useTaskPolling, type UseTaskPollingParams } from './use_task_polling';

const INTERVAL = 1000;

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A poll function answering from a script, recording every call and its signal. */
function scriptedPoll(...answers: Array<TaskResult | Error>) {
  const signals: AbortSignal[] = [];
  const onPoll = jest.fn(async (signal: AbortSignal) => {
    signals.push(signal);
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { onPoll, signals };
}

async function advance(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

function render(params: UseTaskPollingParams) {
  return renderHook((props: UseTaskPollingParams) => useTaskPolling(props), {
    initialProps: { pollIntervalMs: INTERVAL, ...params },
  });
}

const inProgress: TaskResult = { status: 'in_progress' };
const completed: TaskResult = { status: 'completed', payload: { n: 3 } };

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('useTaskPolling: when it polls', () => {
  it('polls an in-progress task once per interval until a final status, then calls onFinished once', async () => {
    const { onPoll } = scriptedPoll(inProgress, inProgress, completed);
    const onFinished = jest.fn();
    const { result } = render({ taskId: 't1', task: inProgress, onPoll, onFinished });

    expect(result.current.isPolling).toBe(true);
    await advance(INTERVAL - 1);
    expect(onPoll).toHaveBeenCalledTimes(0);
    await advance(1);
    expect(onPoll).toHaveBeenCalledTimes(1);
    await advance(INTERVAL);
    expect(onPoll).toHaveBeenCalledTimes(2);
    await advance(INTERVAL);
    expect(onPoll).toHaveBeenCalledTimes(3);

    expect(result.current.task).toEqual(completed);
    expect(result.current.isPolling).toBe(false);
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished).toHaveBeenCalledWith(completed);

    await advance(INTERVAL * 20);
    expect(onPoll).toHaveBeenCalledTimes(3);
    expect(onFinished).toHaveBeenCalledTimes(1);
  });

  it('keeps polling while the task is being canceled', async () => {
    const { onPoll } = scriptedPoll({ status: 'being_canceled' }, { status: 'canceled' });
    const { result } = render({ taskId: 't1', task: inProgress, onPoll });

    await advance(INTERVAL);
    expect(result.current.task?.status).toBe('being_canceled');
    expect(result.current.isPolling).toBe(true);
    await advance(INTERVAL);
    expect(result.current.task?.status).toBe('canceled');
    await advance(INTERVAL * 5);
    expect(onPoll).toHaveBeenCalledTimes(2);
  });

  it('asks at once about a task it knows nothing of, and stops if that task is already final', async () => {
    const { onPoll } = scriptedPoll(completed);
    const onFinished = jest.fn();
    const { result } = render({ taskId: 't1', onPoll, onFinished });

    expect(result.current.task).toBeUndefined();
    await advance(0);
    expect(onPoll).toHaveBeenCalledTimes(1);
    expect(result.current.task).toEqual(completed);
    await advance(INTERVAL * 5);
    expect(onPoll).toHaveBeenCalledTimes(1);
    // It did not finish while watched: nothing to refresh.
    expect(onFinished).not.toHaveBeenCalled();
  });

  it.each(['completed', 'failed', 'canceled', 'acknowledged', 'stale', 'not_started'] as const)(
    'never polls a task that is %s',
    async (status) => {
      const { onPoll } = scriptedPoll(inProgress);
      const task = (status === 'failed' ? { status, error: 'x' } : { status }) as TaskResult;
      const { result } = render({ taskId: 't1', task, onPoll });
      await advance(INTERVAL * 10);
      expect(onPoll).not.toHaveBeenCalled();
      expect(result.current.isPolling).toBe(false);
    }
  );

  it('polls nothing without a task id', async () => {
    const { onPoll } = scriptedPoll(inProgress);
    render({ taskId: undefined, onPoll });
    await advance(INTERVAL * 10);
    expect(onPoll).not.toHaveBeenCalled();
  });

  it('uses the configured interval', async () => {
    const { onPoll } = scriptedPoll(inProgress);
    render({ taskId: 't1', task: inProgress, onPoll, pollIntervalMs: 250 });
    await advance(1000);
    expect(onPoll).toHaveBeenCalledTimes(4);
  });

  it('adopts a new status the caller passes in, and stops polling when it is final', async () => {
    const { onPoll } = scriptedPoll(inProgress);
    const { result, rerender } = render({ taskId: 't1', task: inProgress, onPoll });
    await advance(INTERVAL);
    expect(onPoll).toHaveBeenCalledTimes(1);

    rerender({ taskId: 't1', task: completed, onPoll, pollIntervalMs: INTERVAL });
    expect(result.current.task).toEqual(completed);
    await advance(INTERVAL * 5);
    expect(onPoll).toHaveBeenCalledTimes(1);
  });
});

describe('useTaskPolling: one request at a time', () => {
  it('never starts a poll while the previous one is in flight, however long it takes', async () => {
    const first = deferred<TaskResult>();
    const onPoll = jest
      .fn<Promise<TaskResult>, [AbortSignal]>()
      .mockReturnValueOnce(first.promise)
      .mockResolvedValue(inProgress);
    render({ taskId: 't1', task: inProgress, onPoll });

    await advance(INTERVAL);
    expect(onPoll).toHaveBeenCalledTimes(1);
    await advance(INTERVAL * 30);
    expect(onPoll).toHaveBeenCalledTimes(1);

    await act(async () => first.resolve(inProgress));
    // The next poll waits a full interval after the answer, not after the request.
    await advance(INTERVAL - 1);
    expect(onPoll).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(onPoll).toHaveBeenCalledTimes(2);
  });

  it('has at most one request in flight at any instant, including across re-renders', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const onPoll = jest.fn(async (_signal: AbortSignal) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, INTERVAL * 1.5));
      inFlight -= 1;
      return inProgress;
    });
    const { rerender } = render({ taskId: 't1', task: inProgress, onPoll });
    for (let i = 0; i < 10; i += 1) {
      // Inline callbacks change identity on every render; that must not restart the chain.
      rerender({ taskId: 't1', task: inProgress, onPoll: (s) => onPoll(s), pollIntervalMs: 1000 });
      await advance(INTERVAL);
    }
    expect(onPoll.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(maxInFlight).toBe(1);
  });
});

describe('useTaskPolling: errors', () => {
  it('backs off exponentially after failures, up to the bound, and resets after a success', async () => {
    const failure = new Error('ECONNREFUSED');
    const { onPoll } = scriptedPoll(
      failure,
      failure,
      failure,
      failure,
      inProgress,
      inProgress,
      completed
    );
    const { result } = render({
      taskId: 't1',
      task: inProgress,
      onPoll,
      maxBackoffMs: 5000,
    });

    await advance(INTERVAL); // 1st poll fails
    expect(onPoll).toHaveBeenCalledTimes(1);
    expect(result.current.error?.message).toBe('ECONNREFUSED');
    expect(result.current.isPolling).toBe(true);

    await advance(2000 - 1);
    expect(onPoll).toHaveBeenCalledTimes(1);
    await advance(1); // 2nd after 2 s, fails
    expect(onPoll).toHaveBeenCalledTimes(2);
    await advance(4000 - 1);
    expect(onPoll).toHaveBeenCalledTimes(2);
    await advance(1); // 3rd after 4 s, fails
    expect(onPoll).toHaveBeenCalledTimes(3);
    await advance(5000 - 1); // 8 s capped to 5 s
    expect(onPoll).toHaveBeenCalledTimes(3);
    await advance(1); // 4th, fails
    expect(onPoll).toHaveBeenCalledTimes(4);
    await advance(5000); // 5th succeeds
    expect(onPoll).toHaveBeenCalledTimes(5);
    expect(result.current.error).toBeUndefined();

    await advance(INTERVAL); // back to the plain interval
    expect(onPoll).toHaveBeenCalledTimes(6);
    await advance(INTERVAL);
    expect(onPoll).toHaveBeenCalledTimes(7);
    expect(result.current.task).toEqual(completed);
  });

  it('normalises a non-Error rejection', async () => {
    const onPoll = jest.fn().mockRejectedValue('boom');
    const { result } = render({ taskId: 't1', task: inProgress, onPoll });
    await advance(INTERVAL);
    expect(result.current.error).toBeInstanceOf(Error);
    expect(result.current.error?.message).toBe('boom');
  });
});

describe('useTaskPolling: stopping', () => {
  it('aborts the request in flight on unmount and ignores its late answer', async () => {
    const consoleError = jest.spyOn(console, 'error');
    const pending = deferred<TaskResult>();
    const signals: AbortSignal[] = [];
    const onPoll = jest.fn((signal: AbortSignal) => {
      signals.push(signal);
      return pending.promise;
    });
    const onFinished = jest.fn();
    const { result, unmount } = render({ taskId: 't1', task: inProgress, onPoll, onFinished });

    await advance(INTERVAL);
    expect(signals).toHaveLength(1);
    expect(signals[0].aborted).toBe(false);
    const lastRendered = result.current;

    unmount();
    expect(signals[0].aborted).toBe(true);

    await act(async () => pending.resolve(completed));
    await advance(INTERVAL * 10);
    expect(onPoll).toHaveBeenCalledTimes(1);
    expect(onFinished).not.toHaveBeenCalled();
    expect(result.current).toBe(lastRendered);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('clears the pending timeout on unmount', async () => {
    const { onPoll } = scriptedPoll(inProgress);
    const { unmount } = render({ taskId: 't1', task: inProgress, onPoll });
    expect(jest.getTimerCount()).toBe(1);
    unmount();
    expect(jest.getTimerCount()).toBe(0);
    await advance(INTERVAL * 5);
    expect(onPoll).not.toHaveBeenCalled();
  });

  it('on task change aborts the old request, drops its answer and follows the new task', async () => {
    const oldAnswer = deferred<TaskResult>();
    const signals: Record<string, AbortSignal[]> = { a: [], b: [] };
    const onPollFor = (id: 'a' | 'b') => (signal: AbortSignal) => {
      signals[id].push(signal);
      return id === 'a' ? oldAnswer.promise : Promise.resolve(inProgress);
    };
    const { result, rerender } = render({ taskId: 'a', task: inProgress, onPoll: onPollFor('a') });
    await advance(INTERVAL);
    expect(signals.a).toHaveLength(1);

    rerender({ taskId: 'b', onPoll: onPollFor('b'), pollIntervalMs: INTERVAL });
    expect(signals.a[0].aborted).toBe(true);
    expect(result.current.task).toBeUndefined();

    await advance(0); // an unknown task is asked about at once
    expect(signals.b).toHaveLength(1);
    expect(result.current.task).toEqual(inProgress);

    await act(async () => oldAnswer.resolve(completed));
    expect(result.current.task).toEqual(inProgress);
    await advance(INTERVAL);
    expect(signals.b).toHaveLength(2);
    expect(signals.a).toHaveLength(1);
  });
});

describe('useTaskPolling: cancel', () => {
  it('shows cancelling at once, before the server answers, and until the task is canceled', async () => {
    const cancelAnswer = deferred<TaskResult>();
    const onCancel = jest.fn(() => cancelAnswer.promise);
    const { onPoll } = scriptedPoll({ status: 'being_canceled' }, { status: 'canceled' });
    const onFinished = jest.fn();
    const { result } = render({ taskId: 't1', task: inProgress, onPoll, onCancel, onFinished });
    expect(result.current.isCancellingTask).toBe(false);

    let cancelling!: Promise<void>;
    act(() => {
      cancelling = result.current.cancelTask();
    });
    expect(result.current.isCancellingTask).toBe(true);
    expect(result.current.task?.status).toBe('in_progress');
    expect(onCancel).toHaveBeenCalledTimes(1);

    // A second click while the first is out sends nothing.
    await act(async () => {
      await result.current.cancelTask();
    });
    expect(onCancel).toHaveBeenCalledTimes(1);

    await act(async () => {
      cancelAnswer.resolve({ status: 'being_canceled' });
      await cancelling;
    });
    expect(result.current.task?.status).toBe('being_canceled');
    expect(result.current.isCancellingTask).toBe(true);

    await advance(INTERVAL);
    await advance(INTERVAL);
    expect(result.current.task?.status).toBe('canceled');
    expect(result.current.isCancellingTask).toBe(false);
    expect(onFinished).toHaveBeenCalledWith({ status: 'canceled' });
  });

  it('reverts the optimistic state and reports the error when the cancel is refused', async () => {
    const onCancel = jest.fn().mockRejectedValue(new Error('409 Conflict'));
    const { onPoll } = scriptedPoll(inProgress);
    const { result } = render({ taskId: 't1', task: inProgress, onPoll, onCancel });

    await act(async () => {
      await result.current.cancelTask();
    });
    expect(result.current.isCancellingTask).toBe(false);
    expect(result.current.error?.message).toBe('409 Conflict');
    expect(result.current.isPolling).toBe(true);
  });

  it('stops polling and reports the finish when the server cancels a not-yet-started task at once', async () => {
    const onCancel = jest.fn().mockResolvedValue({ status: 'canceled' });
    const { onPoll } = scriptedPoll(inProgress);
    const onFinished = jest.fn();
    const { result } = render({ taskId: 't1', task: inProgress, onPoll, onCancel, onFinished });

    await act(async () => {
      await result.current.cancelTask();
    });
    expect(result.current.task?.status).toBe('canceled');
    expect(result.current.isCancellingTask).toBe(false);
    expect(result.current.isPolling).toBe(false);
    await advance(INTERVAL * 5);
    expect(onPoll).not.toHaveBeenCalled();
    expect(onFinished).toHaveBeenCalledTimes(1);
  });

  it('does not cancel a task that is not running', async () => {
    const onCancel = jest.fn().mockResolvedValue({ status: 'canceled' });
    const { onPoll } = scriptedPoll(completed);
    const { result } = render({ taskId: 't1', task: completed, onPoll, onCancel });
    await act(async () => {
      await result.current.cancelTask();
    });
    expect(onCancel).not.toHaveBeenCalled();
    expect(result.current.isCancellingTask).toBe(false);
  });

  it('can cancel a stale task, and polls again while it is being canceled', async () => {
    const onCancel = jest.fn().mockResolvedValue({ status: 'being_canceled' });
    const { onPoll } = scriptedPoll({ status: 'canceled' });
    const { result } = render({ taskId: 't1', task: { status: 'stale' }, onPoll, onCancel });
    expect(result.current.isPolling).toBe(false);

    await act(async () => {
      await result.current.cancelTask();
    });
    expect(result.current.isPolling).toBe(true);
    await advance(INTERVAL);
    expect(result.current.task?.status).toBe('canceled');
  });
});

describe('useTaskPolling: acknowledge', () => {
  it('acknowledges a completed task without reporting a second finish', async () => {
    const onAcknowledge = jest.fn().mockResolvedValue({ status: 'acknowledged' });
    const onFinished = jest.fn();
    const { onPoll } = scriptedPoll(completed);
    const { result } = render({
      taskId: 't1',
      task: completed,
      onPoll,
      onAcknowledge,
      onFinished,
    });
    await act(async () => {
      await result.current.acknowledgeTask();
    });
    expect(onAcknowledge).toHaveBeenCalledTimes(1);
    expect(result.current.task?.status).toBe('acknowledged');
    expect(result.current.isAcknowledgingTask).toBe(false);
    expect(onFinished).not.toHaveBeenCalled();
  });

  it('does not acknowledge a task that has not completed', async () => {
    const onAcknowledge = jest.fn();
    const { onPoll } = scriptedPoll(inProgress);
    const { result } = render({ taskId: 't1', task: inProgress, onPoll, onAcknowledge });
    await act(async () => {
      await result.current.acknowledgeTask();
    });
    expect(onAcknowledge).not.toHaveBeenCalled();
  });
});
