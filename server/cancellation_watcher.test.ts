import { loggerMock } from '@kbn/core/server/logging.mock';
import type { TrackingDocument } from '../common';
import { waitFor } from '../test_helpers/wait_for';
import { CancellationWatcher } from './cancellation_watcher';
import type { ProgressTouch } from './storage/tracking_store';
import { trackingStoreMock } from './storage/tracking_store.mock';

const logger = loggerMock.create();

function fakeStore(statuses: Record<string, TrackingDocument['status'] | undefined>) {
  const reads: string[][] = [];
  const touches: ProgressTouch[][] = [];
  const store = trackingStoreMock.answering((id) => statuses[id]);
  const answer = store.mget.getMockImplementation()!;
  store.mget.mockImplementation(async (ids: string[]) => {
    reads.push(ids);
    return answer(ids);
  });
  store.bulkTouch.mockImplementation(async (batch: ProgressTouch[]) => {
    if (batch.length) touches.push(batch);
    return [];
  });
  return { store, reads, touches };
}

describe('CancellationWatcher', () => {
  let watcher: CancellationWatcher | undefined;
  afterEach(() => watcher?.stop());

  it('checks all watched tasks with one mget per tick and flushes progress in one bulk', async () => {
    const statuses = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`t${i}`, 'in_progress' as const])
    );
    const { store, reads, touches } = fakeStore(statuses);
    watcher = new CancellationWatcher(store, 20, logger);
    const handles = Object.keys(statuses).map((id) => watcher!.watch(id, jest.fn()));
    handles.forEach((handle) => handle.reportProgress());
    await waitFor(() => touches.length >= 1, { description: 'a progress flush' });
    expect(reads[0]).toHaveLength(300);
    expect(touches[0]).toHaveLength(300);
    const readsBefore = reads.length;
    await waitFor(() => reads.length >= readsBefore + 2, { description: 'two more ticks' });
    expect(touches).toHaveLength(1); // nothing new to flush
    handles.forEach((handle) => handle.stop());
  });

  it('writes the latest progress value and message with the signal, keeping them through a bare report', async () => {
    const { store, touches } = fakeStore({ a: 'in_progress' });
    watcher = new CancellationWatcher(store, 10, logger);
    const handle = watcher.watch('a', jest.fn());
    handle.reportProgress({ value: 0.2, message: 'first' });
    handle.reportProgress({ value: 0.4 }); // last wins, before the tick
    await waitFor(() => touches.length >= 1, { description: 'the first flush' });
    expect(touches[0]).toHaveLength(1);
    const [first] = touches[0];
    expect(first.progress).toEqual({ value: 0.4, message: 'first', at: expect.any(String) });
    handle.reportProgress(); // a bare signal refreshes `at` and keeps value and message
    await waitFor(() => touches.length >= 2, { description: 'the second flush' });
    expect(touches[1][0].progress).toMatchObject({ value: 0.4, message: 'first' });
    expect(touches[1][0].progress.at >= first.progress.at).toBe(true);
    handle.stop();
  });

  it('cuts a long message with an ellipsis and refuses a value outside 0..1, naming it', async () => {
    const { store, touches, reads } = fakeStore({ a: 'in_progress' });
    watcher = new CancellationWatcher(store, 10, logger);
    const handle = watcher.watch('a', jest.fn());
    expect(() => handle.reportProgress({ value: 50 })).toThrow(
      expect.objectContaining({ name: 'TypeError', message: expect.stringMatching(/\[value\]/) })
    );
    expect(() => handle.reportProgress({ value: -0.1 })).toThrow(/\[value\]/);
    await waitFor(() => reads.length >= 2, { description: 'two ticks' });
    expect(touches).toHaveLength(0); // a refused report writes nothing
    handle.reportProgress({ message: 'x'.repeat(500) });
    await waitFor(() => touches.length >= 1, { description: 'a flush' });
    const message = touches[0][0].progress.message ?? '';
    expect(message).toHaveLength(200);
    expect(message.endsWith('…')).toBe(true);
    handle.stop();
  });

  it('calls onCancel once when the document turns being_canceled, canceled or disappears', async () => {
    const statuses: Record<string, TrackingDocument['status'] | undefined> = {
      a: 'in_progress',
      b: 'in_progress',
      c: 'in_progress',
    };
    const { store, reads } = fakeStore(statuses);
    watcher = new CancellationWatcher(store, 10, logger);
    const onCancel = { a: jest.fn(), b: jest.fn(), c: jest.fn() };
    const handles = (['a', 'b', 'c'] as const).map((id) => watcher!.watch(id, onCancel[id]));
    await waitFor(() => reads.length >= 1);
    expect(onCancel.a).not.toHaveBeenCalled();
    statuses.a = 'being_canceled';
    statuses.b = 'canceled';
    statuses.c = undefined;
    await waitFor(() => onCancel.a.mock.calls.length && onCancel.b.mock.calls.length);
    await waitFor(() => onCancel.c.mock.calls.length > 0);
    const readsNow = reads.length;
    await waitFor(() => reads.length >= readsNow + 2);
    expect([onCancel.a, onCancel.b, onCancel.c].map((fn) => fn.mock.calls.length)).toEqual([
      1, 1, 1,
    ]);
    handles.forEach((handle) => handle.stop());
  });

  it('leaves no timer behind when nothing is watched', async () => {
    jest.useFakeTimers();
    try {
      const { store } = fakeStore({ a: 'in_progress' });
      watcher = new CancellationWatcher(store, 1000, logger);
      expect(jest.getTimerCount()).toBe(0);
      const handle = watcher.watch('a', jest.fn());
      const other = watcher.watch('a', jest.fn());
      expect(jest.getTimerCount()).toBe(1);
      handle.stop();
      expect(jest.getTimerCount()).toBe(1);
      other.stop();
      expect(jest.getTimerCount()).toBe(0);
      watcher.watch('a', jest.fn());
      watcher.stop();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('logs a failed check as an infrastructure error and keeps checking', async () => {
    const { store, reads } = fakeStore({ a: 'in_progress' });
    let fail = true;
    const mget = store.mget.bind(store);
    (store as unknown as { mget: unknown }).mget = async (ids: string[]) => {
      if (fail) {
        fail = false;
        throw new Error('connection refused');
      }
      return mget(ids);
    };
    watcher = new CancellationWatcher(store, 10, logger);
    const handle = watcher.watch('a', jest.fn());
    await waitFor(() => reads.length >= 1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('connection refused'),
      expect.objectContaining({ tags: ['infrastructure'] })
    );
    handle.stop();
  });
});
