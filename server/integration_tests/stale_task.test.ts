// Acceptance 5: a runner that stops reporting progress reads `stale` after the threshold.
import { waitFor } from '../../test_helpers/wait_for';
import type { TaskResult } from '../../common';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';

jest.setTimeout(60_000);

const STALE_THRESHOLD_MS = 1500;

describe('a task that stops reporting progress', () => {
  let harness: Harness;
  let reporting = true;
  let started = false;

  beforeAll(async () => {
    harness = await startHarness({
      config: { stale_threshold_ms: STALE_THRESHOLD_MS, cancellation_check_interval_ms: 100 },
      register: (setup) =>
        setup.registerTasks({
          'test:hangs': {
            async run({ signal, reportProgress }) {
              started = true;
              // Reports while the test lets it, then hangs until aborted.
              await new Promise<void>((resolve) => {
                const timer = setInterval(() => reporting && reportProgress(), 50);
                signal.addEventListener('abort', () => {
                  clearInterval(timer);
                  resolve();
                });
              });
              return { payload: {} };
            },
          },
        }),
    });
  });

  afterAll(() => harness?.stop());

  it('stays in_progress while reporting, reads stale once it stops', async () => {
    const taskClient = harness.start.getClient(harness.requestIn());
    // Scheduled far ahead: waiting for its runAt is not a run that stopped reporting.
    await taskClient.schedule({
      task: { id: 'later', type: 'test:hangs' },
      params: {},
      request: harness.requestIn(),
      runAt: new Date(Date.now() + 3_600_000),
    });
    await taskClient.schedule({
      task: { id: 'hangs', type: 'test:hangs' },
      params: {},
      request: harness.requestIn(),
    });
    await waitFor(() => started, { description: 'the run to start' });

    // Twice the threshold of reporting, checked all along: never stale.
    const since = Date.now();
    const seen: Array<TaskResult['status']> = [];
    await waitFor(
      async () => {
        seen.push((await taskClient.getStatus('hangs')).status);
        return Date.now() - since > 2 * STALE_THRESHOLD_MS;
      },
      { intervalMs: 100, description: 'two thresholds of reporting' }
    );
    expect(new Set(seen)).toEqual(new Set(['in_progress']));

    reporting = false;
    const stoppedAt = Date.now();
    await waitFor(async () => (await taskClient.getStatus('hangs')).status === 'stale', {
      timeoutMs: 10_000,
      description: 'stale',
    });
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(STALE_THRESHOLD_MS - 200);

    const listed = await waitFor(async () => {
      const page = await taskClient.list({ status: 'stale' });
      return page.total === 1 ? page : undefined;
    });
    expect(listed.tasks[0]).toMatchObject({ id: 'hangs', status: 'stale' });

    // `later` was scheduled before `hangs` went silent, so its signal is older still: not stale.
    await expect(taskClient.getStatus('later')).resolves.toEqual({ status: 'in_progress' });
    const inProgress = await taskClient.list({ status: 'in_progress' });
    expect(inProgress.tasks.map(({ id, status }) => ({ id, status }))).toEqual([
      { id: 'later', status: 'in_progress' },
    ]);
    // Several statuses at once: any of them, with stale still computed.
    const both = await taskClient.list({ status: ['stale', 'in_progress'] });
    expect(both.tasks.map(({ id, status }) => ({ id, status }))).toEqual([
      { id: 'hangs', status: 'stale' },
      { id: 'later', status: 'in_progress' },
    ]);
    await expect(taskClient.list({ status: ['stale', 'completed'] })).resolves.toMatchObject({
      total: 1,
      tasks: [{ id: 'hangs', status: 'stale' }],
    });
    await expect(
      taskClient.list({ status: ['in_progress', 'completed', 'failed'] })
    ).resolves.toMatchObject({ total: 1, tasks: [{ id: 'later', status: 'in_progress' }] });

    // A stale task can still be canceled, which frees its slot.
    await expect(taskClient.cancel('hangs')).resolves.toEqual({ status: 'being_canceled' });
    await waitFor(async () => (await taskClient.getStatus('hangs')).status === 'canceled');
  });

  it('records a stale run that ends after a re-schedule on itself only, not on the new run', async () => {
    const taskClient = harness.start.getClient(harness.requestIn());
    // Due in an hour, so Task Manager runs nothing: the test plays the runs' starts and ends.
    const schedule = () =>
      taskClient.schedule({
        task: { id: 'replaced', type: 'test:hangs' },
        params: {},
        request: harness.requestIn(),
        runAt: new Date(Date.now() + 3_600_000),
      });
    await schedule();
    const staleRun = await taskClient.startRun('replaced');
    expect(staleRun).toEqual(expect.any(String));
    await waitFor(async () => (await taskClient.getStatus('replaced')).status === 'stale', {
      timeoutMs: 10_000,
      description: 'the first run to go stale',
    });
    await schedule();

    // The stale run ends before the new one starts, then while it runs: neither is recorded.
    const late = { runStartedAt: staleRun as string };
    await expect(taskClient.complete('replaced', { run: 'stale' }, late)).resolves.toBe(
      'in_progress'
    );
    const newRun = await taskClient.startRun('replaced');
    expect(newRun).not.toBe(staleRun);
    await expect(taskClient.fail('replaced', 'stale run failed late', late)).resolves.toBe(
      'in_progress'
    );
    await expect(taskClient.getStatus('replaced')).resolves.toEqual({ status: 'in_progress' });

    await expect(
      taskClient.complete('replaced', { run: 'new' }, { runStartedAt: newRun as string })
    ).resolves.toBe('completed');
    await expect(taskClient.getStatus('replaced')).resolves.toEqual({
      status: 'completed',
      payload: { run: 'new' },
    });
  });
});
