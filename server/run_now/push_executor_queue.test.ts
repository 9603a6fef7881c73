import { claim, setup, sourceOf, waitUntil } from './push_executor.mock';

/** A runner whose runs each wait until `end()` lets the oldest one go. */
function gatedRunner() {
  const started: AbortSignal[] = [];
  const gates: Array<() => void> = [];
  const run = (signal: AbortSignal) =>
    new Promise<unknown>((resolve, reject) => {
      started.push(signal);
      gates.push(() => resolve({ state: {} }));
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  return { run, started, end: () => gates.shift()?.() };
}

describe('PushExecutor with a queue (push.queue_capacity)', () => {
  // capacity 2 and queue 2 cost units: one normal task (cost 2) runs, one waits
  const sizes = { capacity: 2, queueCapacity: 2 };

  it('accepts a push beyond capacity and starts it when the run before it ends', async () => {
    const runner = gatedRunner();
    const { executor } = setup(runner.run, undefined, undefined, sizes);
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    await waitUntil(() => runner.started.length === 1);
    expect(await executor.accept({ id: 'task-2', type: 't', claim })).toEqual({
      status: 202,
      message: 'Task [task-2] queued',
    });
    // Waiting, not running: nothing runs beyond capacity, and it is vouched for.
    expect(executor.usedCapacity).toBe(2);
    expect(executor.vouchedTaskIds()).toEqual(['task-1', 'task-2']);
    // A replay of the queued claim is the same acceptance; a third push finds no room.
    expect(await executor.accept({ id: 'task-2', type: 't', claim })).toMatchObject({
      status: 202,
      message: 'Task [task-2] is already queued under this claim',
    });
    expect(await executor.accept({ id: 'task-3', type: 't', claim })).toMatchObject({
      status: 429,
    });
    expect(runner.started).toHaveLength(1);

    runner.end();
    await waitUntil(() => runner.started.length === 2);
    expect(executor.vouchedTaskIds()).toEqual(['task-2']);
    runner.end();
    await waitUntil(() => executor.usedCapacity === 0);
    await executor.stop();
  });

  it('on stop: releases a queued claim, fenced, without running it', async () => {
    const runner = gatedRunner();
    const { executor, esClient } = setup(runner.run, undefined, undefined, sizes);
    await executor.accept({ id: 'task-1', type: 't', claim });
    await waitUntil(() => runner.started.length === 1);
    await executor.accept({ id: 'task-2', type: 't', claim });
    await executor.stop();
    expect(runner.started).toHaveLength(1);
    expect(esClient.update).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'task:task-2', if_seq_no: 7, if_primary_term: 1 })
    );
    // A claim released here is not accepted again.
    expect(await executor.accept({ id: 'task-2', type: 't', claim })).toMatchObject({
      status: 503,
    });
  });

  it('reads the claim of a push that waited long again, and starts it only if it holds', async () => {
    const runner = gatedRunner();
    const ended: string[] = [];
    const { executor, esClient } = setup(runner.run, undefined, undefined, {
      ...sizes,
      queuedVerifyAfterMs: 0, // every queued push counts as having waited long
      onRunEnded: (id) => ended.push(id),
    });
    await executor.accept({ id: 'task-1', type: 't', claim });
    await waitUntil(() => runner.started.length === 1);
    await executor.accept({ id: 'task-2', type: 't', claim });
    // Meanwhile the claim lapsed and was claimed again (another version).
    esClient.mget.mockImplementationOnce(async () => ({
      docs: [
        {
          _id: 'task:task-2',
          found: true,
          _seq_no: 9,
          _primary_term: 1,
          _source: sourceOf('task-2'),
        },
      ],
    }));
    runner.end();
    await waitUntil(() => ended.includes('task-2'));
    expect(esClient.mget).toHaveBeenCalledTimes(3);
    expect(runner.started).toHaveLength(1);
    expect(executor.usedCapacity).toBe(0);
    // Refused as a claim that ran here, and nothing of it is written.
    expect(await executor.accept({ id: 'task-2', type: 't', claim })).toMatchObject({
      status: 409,
    });
    expect(esClient.update).not.toHaveBeenCalled();
    await executor.stop();
  });

  it('starts a push that waited long once its claim is read again and still holds', async () => {
    const runner = gatedRunner();
    const { executor, esClient } = setup(runner.run, undefined, undefined, {
      ...sizes,
      queuedVerifyAfterMs: 0,
    });
    await executor.accept({ id: 'task-1', type: 't', claim });
    await waitUntil(() => runner.started.length === 1);
    await executor.accept({ id: 'task-2', type: 't', claim });
    runner.end();
    await waitUntil(() => runner.started.length === 2);
    expect(esClient.mget).toHaveBeenCalledTimes(3);
    runner.end();
    await waitUntil(() => executor.usedCapacity === 0);
    await executor.stop();
  });

  it('without a queue (the default) answers a push beyond capacity 429', async () => {
    const runner = gatedRunner();
    const { executor } = setup(runner.run, undefined, undefined, { capacity: 2 });
    await executor.accept({ id: 'task-1', type: 't', claim });
    await waitUntil(() => runner.started.length === 1);
    expect(await executor.accept({ id: 'task-2', type: 't', claim })).toMatchObject({
      status: 429,
      message: 'This node is at capacity',
    });
    await executor.stop();
  });
});
