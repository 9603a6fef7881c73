/** @jest-environment jsdom */
// useTaskPolling called with Streams' v1 and v2 signatures, as Streams' own pages call it; and a 404 stops it.
import { act, renderHook } from '@testing-library/react';
import type { PolledTask, StreamsTaskPollingParams } from './to_task_polling_params';
import { useTaskPolling } from './use_task_polling';

const INTERVAL = 1000;

async function advance(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

/** A server whose status the test moves; every read is a poll. */
function fakeServer(initial: PolledTask['status']) {
  let status = initial;
  const onPoll = jest.fn(async (): Promise<PolledTask> => ({ status }));
  return {
    onPoll,
    set: (next: PolledTask['status']) => {
      status = next;
    },
  };
}

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('useTaskPolling with Streams’ v2 parameters', () => {
  function renderV2(params: StreamsTaskPollingParams) {
    return renderHook((props: StreamsTaskPollingParams) => useTaskPolling(props), {
      initialProps: params,
    });
  }

  it('polls a task in progress and calls onRefresh once it stops, then polls no more', async () => {
    const server = fakeServer('in_progress');
    const onRefresh = jest.fn();
    const { result } = renderV2({
      task: { status: 'in_progress' },
      onPoll: server.onPoll,
      onRefresh,
      pollIntervalMs: INTERVAL,
    });
    await advance(INTERVAL);
    expect(server.onPoll).toHaveBeenCalledTimes(1);
    server.set('completed');
    await advance(INTERVAL);
    expect(onRefresh).toHaveBeenCalledTimes(1);
    await advance(INTERVAL * 5);
    expect(server.onPoll).toHaveBeenCalledTimes(2);
    expect(result.current).toEqual(
      expect.objectContaining({ cancelTask: expect.any(Function), isCancellingTask: false })
    );
  });

  it('polls nothing without a task, or for a task not moving, as Streams’ hook', async () => {
    const server = fakeServer('in_progress');
    const onRefresh = jest.fn();
    const { rerender } = renderV2({ task: undefined, onPoll: server.onPoll, onRefresh });
    await advance(INTERVAL * 5);
    rerender({ task: { status: 'not_started' }, onPoll: server.onPoll, onRefresh });
    await advance(INTERVAL * 5);
    expect(server.onPoll).not.toHaveBeenCalled();
    expect(onRefresh).not.toHaveBeenCalled();
  });

  it('cancels: shows cancelling at once, calls onCancel then onRefresh', async () => {
    const server = fakeServer('in_progress');
    const calls: string[] = [];
    const onCancel = jest.fn(async () => {
      calls.push('cancel');
      return { unrelated: 'answer' };
    });
    const onRefresh = jest.fn(() => {
      calls.push('refresh');
    });
    const { result } = renderV2({
      task: { status: 'in_progress' },
      onPoll: server.onPoll,
      onRefresh,
      onCancel,
      pollIntervalMs: INTERVAL,
    });
    await act(async () => {
      await result.current.cancelTask();
    });
    expect(calls).toEqual(['cancel', 'refresh']);
    expect(result.current.isCancellingTask).toBe(true);
    // onCancel's answer is the caller's business, not a task result.
    expect(result.current.task).toEqual({ status: 'in_progress' });
  });
});

describe('useTaskPolling with Streams’ v1 arguments', () => {
  it('polls (task, poll, refresh) every 2 s and refreshes when the task stops', async () => {
    const server = fakeServer('being_canceled');
    const refresh = jest.fn();
    renderHook(() => useTaskPolling({ status: 'being_canceled' }, server.onPoll, refresh));
    await advance(1999);
    expect(server.onPoll).not.toHaveBeenCalled();
    await advance(1);
    expect(server.onPoll).toHaveBeenCalledTimes(1);
    server.set('canceled');
    await advance(2000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});

describe('useTaskPolling and a task the server does not know', () => {
  it('stops polling at a 404, keeping the error, and follows a new task again', async () => {
    const notFound = Object.assign(new Error('Not Found'), { response: { status: 404 } });
    const onPoll = jest.fn().mockRejectedValue(notFound);
    const { result, rerender } = renderHook(
      (props: { taskId: string }) =>
        useTaskPolling({ taskId: props.taskId, onPoll, pollIntervalMs: INTERVAL }),
      { initialProps: { taskId: 'gone' } }
    );
    await advance(INTERVAL * 60);
    expect(onPoll).toHaveBeenCalledTimes(1);
    expect(result.current.error).toBe(notFound);
    expect(result.current.isPolling).toBe(false);

    onPoll.mockResolvedValue({ status: 'completed', payload: {} });
    rerender({ taskId: 'other' });
    await advance(0);
    expect(onPoll).toHaveBeenCalledTimes(2);
    expect(result.current.task).toEqual({ status: 'completed', payload: {} });
  });
});
