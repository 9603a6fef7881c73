import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import { RunStarts } from '../run_starts';
import { claim, logger, setup, TRACKING, versionConflict, waitUntil } from './push_executor.mock';

describe('PushExecutor', () => {
  it('reads the tracking document with the task in one mget and hands it to the run', async () => {
    const versions = new Map();
    let handed: unknown;
    const { executor, esClient } = setup(
      async () => {
        handed = versions.get('task-1');
        return { state: {} };
      },
      { index: 'tracking', versions }
    );
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    await waitUntil(() => esClient.delete.mock.calls.length > 0);
    await executor.stop();
    expect(esClient.mget).toHaveBeenCalledTimes(1);
    expect(esClient.mget.mock.calls[0][0].docs).toEqual([
      { _index: 'tasks', _id: 'task:task-1' },
      { _index: 'tracking', _id: 'task-1' },
    ]);
    expect(handed).toEqual({ doc: TRACKING, seqNo: 3, primaryTerm: 1 });
    // Nothing is left behind once the run ended.
    expect(versions.size).toBe(0);
  });

  it("decides the run's start before the run begins", async () => {
    const events: string[] = [];
    const starts = new RunStarts();
    let decide!: () => void;
    const { executor } = setup(
      async () => {
        events.push('run');
        return { state: {} };
      },
      {
        index: 'tracking',
        versions: new Map(),
        starts,
        startRunFromRead: async (id) => {
          events.push('deciding');
          await new Promise<void>((resolve) => (decide = resolve));
          starts.decided(id, { runStartedAt: false });
          events.push('decided');
        },
      }
    );
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    await waitUntil(() => events.includes('deciding'));
    expect(events).toEqual(['deciding']);
    decide();
    await waitUntil(() => events.includes('run'));
    await executor.stop();
    expect(events).toEqual(['deciding', 'decided', 'run']);
  });

  it('a stop while the start is being decided runs nothing and releases the claim', async () => {
    const run = jest.fn(async () => ({ state: {} }));
    let decide!: () => void;
    const { executor, esClient } = setup(run, {
      index: 'tracking',
      versions: new Map(),
      startRunFromRead: () => new Promise<void>((resolve) => (decide = resolve)),
    });
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    const stopped = executor.stop();
    decide();
    await stopped;
    expect(run).not.toHaveBeenCalled();
    expect(esClient.update).toHaveBeenCalledWith(
      expect.objectContaining({
        if_seq_no: 7,
        doc: expect.objectContaining({ task: expect.objectContaining({ status: 'idle' }) }),
      })
    );
  });

  it('a push whose claim does not hold runs nothing and leaves nothing behind', async () => {
    const versions = new Map();
    const starts = new RunStarts();
    const run = jest.fn(async () => ({ state: {} }));
    const { executor } = setup(run, { index: 'tracking', versions, starts });
    const decision = await executor.accept({
      id: 'task-1',
      type: 't',
      claim: { ...claim, seq_no: 6 }, // released and claimed again since: now at 7
    });
    expect(decision).toMatchObject({ status: 409 });
    expect(decision.message).toMatch(/not the claimed 6\/1/);
    expect(run).not.toHaveBeenCalled();
    expect([versions.size, starts.size, executor.usedCapacity]).toEqual([0, 0, 0]);
    await executor.stop();
  });

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
    // the release only, fenced by the pushed claim: nothing was written before the run
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
    await waitUntil(() => esClient.delete.mock.calls.length > 0);
    await executor.stop();
    expect(esClient.delete).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'task:task-1', if_seq_no: 7, if_primary_term: 1 })
    );
    expect(esClient.update).not.toHaveBeenCalled();
  });

  it('answers a replay of a claim running here 202 and one that ran here 409, running it once', async () => {
    let endRun!: () => void;
    const run = jest.fn(() => new Promise<unknown>((resolve) => (endRun = () => resolve({}))));
    const { executor, esClient } = setup(run);
    let landFinish!: () => void;
    esClient.delete.mockImplementationOnce(
      () => new Promise((resolve) => (landFinish = () => resolve({})))
    );
    const push = () => executor.accept({ id: 'task-1', type: 't', claim });
    expect(await push()).toMatchObject({ status: 202 });
    await waitUntil(() => run.mock.calls.length === 1);
    expect(await push()).toMatchObject({ status: 202, message: expect.stringMatching(/already/) });
    endRun();
    // Ended, its finish not landed yet: the read still shows the claim, the slot is free.
    await waitUntil(() => landFinish !== undefined);
    expect(await push()).toMatchObject({ status: 202, message: expect.stringMatching(/already/) });
    landFinish();
    await waitUntil(() => executor.vouchedTaskIds().length === 0);
    // The finish landed. A replay whose read still saw the claim (this mock's read always does,
    // as a read made just before the finish would): refused by the node's memory of the claim.
    expect(await push()).toMatchObject({
      status: 409,
      message: expect.stringMatching(/already ran/),
    });
    expect(run).toHaveBeenCalledTimes(1);
    await executor.stop();
  });

  it('takes a finish delete answered 404 after its own landed delete as done, not as a lost fence', async () => {
    const { executor, esClient } = setup(async () => ({ state: {} }));
    const notFound = () => Object.assign(new Error('not_found'), { meta: { statusCode: 404 } });
    esClient.delete.mockRejectedValueOnce(notFound()); // the retry of a delete that landed
    esClient.get.mockRejectedValueOnce(notFound());
    (logger.warn as jest.Mock).mockClear();
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    await waitUntil(() => esClient.get.mock.calls.length > 0);
    await executor.stop();
    expect(esClient.get).toHaveBeenCalledTimes(1);
    expect(logger.warn).not.toHaveBeenCalledWith(
      expect.stringContaining('taken away'),
      expect.anything()
    );
  });

  it('frees the capacity slot when the run ends, before the finish is written', async () => {
    const { executor, esClient } = setup(async () => ({ state: {} }));
    let finishWrite!: () => void;
    let deleteCalled!: () => void;
    const deleting = new Promise<void>((resolve) => (deleteCalled = resolve));
    esClient.delete.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          deleteCalled();
          finishWrite = () => resolve({});
        })
    );
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    await deleting;
    // The finish is in flight: the dispatcher may push the next task already.
    expect(executor.usedCapacity).toBe(0);
    finishWrite();
    await executor.stop();
  });

  it('logs a finish whose fence was lost and overwrites nothing', async () => {
    const { executor, esClient } = setup(async () => ({ state: {} }));
    esClient.delete.mockRejectedValueOnce(versionConflict());
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    await waitUntil(() => esClient.delete.mock.calls.length > 0);
    await executor.stop();
    expect(esClient.delete).toHaveBeenCalledWith(expect.objectContaining({ if_seq_no: 7 }));
    expect(esClient.update).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('taken away'),
      expect.objectContaining({ tags: ['push', 'lost-fence'] })
    );
  });

  it('lowers its capacity, with a warning naming both settings, when Task Manager refuses a run', async () => {
    // Kibana 8's ephemeralRunNow: one run at a time here, a second is refused for lack of room.
    let running = 0;
    let endFirst!: () => void;
    const ephemeralRunNow = jest.fn(async () => {
      if (running >= 1) {
        throw Object.assign(new Error('rejected'), {
          name: 'EphemeralTaskRejectedDueToCapacityError',
        });
      }
      running++;
      await new Promise<void>((resolve) => (endFirst = resolve));
      running--;
      return { id: 'task-1', state: {} };
    });
    const { executor, esClient } = setup(async () => ({ state: {} }), undefined, {
      ephemeralRunNow,
    } as unknown as TaskManagerStartContract);
    expect(executor.capacity).toBe(20);
    expect(await executor.accept({ id: 'task-1', type: 't', claim })).toMatchObject({
      status: 202,
    });
    expect(await executor.accept({ id: 'task-2', type: 't', claim })).toMatchObject({
      status: 202,
    });
    // The refused run's claim is released (fenced by its claim) and the capacity lowered to
    // what Task Manager did run: the next push gets a 429, not an acceptance and a release.
    await waitForCall(() => executor.capacity === 2);
    expect(esClient.update).toHaveBeenLastCalledWith(
      expect.objectContaining({
        id: 'task:task-2',
        doc: expect.objectContaining({ task: expect.objectContaining({ status: 'idle' }) }),
      })
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /\[xpack\.background_tasks\.push\.capacity\] \(20\).*\[xpack\.task_manager\.capacity\].*lowered to 2/
      ),
      expect.objectContaining({ tags: ['push', 'capacity'] })
    );
    expect(await executor.accept({ id: 'task-3', type: 't', claim })).toMatchObject({
      status: 429,
    });
    endFirst();
    await executor.stop();
  });
});

/** Waits (a few event-loop turns at most) for a condition the executor reaches asynchronously. */
async function waitForCall(condition: () => boolean) {
  for (let turn = 0; turn < 100 && !condition(); turn++) await new Promise(setImmediate);
  expect(condition()).toBe(true);
}
