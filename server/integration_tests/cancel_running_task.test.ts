// Acceptance 2: cancelling a running task ends it canceled within 2 s, its runner aborted.
import { waitFor } from '../../test_helpers/wait_for';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';

jest.setTimeout(60_000);

describe('cancelling a running task', () => {
  let harness: Harness;
  let observed: AbortSignal | undefined;
  let runnerSawAbort = false;

  beforeAll(async () => {
    harness = await startHarness({
      register: (setup) =>
        setup.registerTasks({
          'test:wait_for_abort': {
            async run({ signal }) {
              observed = signal;
              await new Promise<void>((resolve) =>
                signal.addEventListener('abort', () => resolve(), { once: true })
              );
              runnerSawAbort = signal.aborted;
              throw new Error('aborted by the user');
            },
          },
        }),
    });
  });

  afterAll(() => harness?.stop());

  it('aborts the signal and records canceled within 2 s of the cancel call', async () => {
    const taskClient = harness.start.getClient(harness.requestIn());
    await taskClient.schedule({
      task: { id: 'long-one', type: 'test:wait_for_abort' },
      params: {},
      request: harness.requestIn(),
    });
    await waitFor(() => observed, { description: 'the runner to start' });

    const calledAt = Date.now();
    await expect(taskClient.cancel('long-one')).resolves.toEqual({ status: 'being_canceled' });
    await waitFor(async () => (await taskClient.getStatus('long-one')).status === 'canceled', {
      timeoutMs: 2000,
      intervalMs: 20,
      description: 'canceled within 2 s',
    });
    expect(Date.now() - calledAt).toBeLessThan(2000);
    expect(observed?.aborted).toBe(true);
    await waitFor(() => runnerSawAbort, { description: 'the runner to see the abort' });

    const doc = await taskClient.get('long-one');
    expect(doc).toMatchObject({ status: 'canceled' });
    expect('last_canceled_at' in doc && doc.last_canceled_at).toBeTruthy();
    expect('last_failed_at' in doc && doc.last_failed_at).toBeFalsy(); // not a failure
    // Cancelling again changes nothing.
    await expect(taskClient.cancel('long-one')).resolves.toEqual({ status: 'canceled' });
  });

  it('cancels a task not started yet at once, removing it from Task Manager', async () => {
    const taskClient = harness.start.getClient(harness.requestIn());
    await taskClient.schedule({
      task: { id: 'later-one', type: 'test:wait_for_abort' },
      params: {},
      request: harness.requestIn(),
      runAt: new Date(Date.now() + 3_600_000),
    });
    await expect(taskClient.cancel('later-one')).resolves.toEqual({ status: 'canceled' });
    // A realtime read: a search may still show the document until the next refresh.
    await expect(
      harness.client.exists({ index: harness.taskIndex, id: 'task:later-one' })
    ).resolves.toBe(false);
  });
});
