// The example plugin's task types, end to end through the plugin on a real Elasticsearch.
import { waitFor } from '../../../test_helpers/wait_for';
import { startHarness, type Harness } from '../../../test_helpers/background_tasks_harness';
import type { TaskClient } from '../../../server';
import { EXAMPLE_TASK_TYPES, exampleTaskDefinitions } from '../server/example_task_definitions';

jest.setTimeout(60_000);

describe('the example task types', () => {
  let harness: Harness;
  let taskClient: TaskClient;

  beforeAll(async () => {
    harness = await startHarness({
      config: { cancellation_check_interval_ms: 100 },
      register: (setup) => setup.registerTasks(exampleTaskDefinitions),
    });
    taskClient = harness.start.getClient(harness.requestIn());
  });

  afterAll(() => harness?.stop());

  const schedule = (id: string, type: string, params: unknown) =>
    taskClient.schedule({ task: { id, type }, params, request: harness.requestIn() });
  const statusOf = async (id: string) => (await taskClient.getStatus(id)).status;

  it('examples:sleep sleeps and answers { slept }', async () => {
    await schedule('sleep-1', EXAMPLE_TASK_TYPES.sleep, { ms: 50 });
    await waitFor(async () => (await statusOf('sleep-1')) === 'completed');
    await expect(taskClient.getStatus('sleep-1')).resolves.toEqual({
      status: 'completed',
      payload: { slept: 50 },
    });
  });

  it('examples:sleep reports how far it got, then stops early when canceled', async () => {
    await schedule('sleep-2', EXAMPLE_TASK_TYPES.sleep, { ms: 600_000 });
    await waitFor(
      async () => {
        const task = await harness.client.get<{ task: { status: string } }>(
          { index: harness.taskIndex, id: 'task:sleep-2' },
          { ignore: [404] }
        );
        return task._source?.task.status === 'running';
      },
      { description: 'Task Manager to run it' }
    );
    // Its first report (after a second), written by the watcher into the tracking document.
    await waitFor(
      async () => {
        const doc = await taskClient.get('sleep-2');
        return doc.status !== 'not_started' && doc.progress?.value !== undefined;
      },
      { description: 'a progress report with a value' }
    );
    const running = await taskClient.get('sleep-2');
    expect(running).toMatchObject({
      progress: {
        value: 1000 / 600_000,
        message: 'Slept 1000 of 600000 ms',
        at: expect.any(String),
      },
    });
    await expect(taskClient.cancel('sleep-2')).resolves.toEqual({ status: 'being_canceled' });
    await waitFor(async () => (await statusOf('sleep-2')) === 'canceled');
  });

  it('examples:count counts to n', async () => {
    await schedule('count-1', EXAMPLE_TASK_TYPES.count, { n: 5, delayMs: 10 });
    await waitFor(async () => (await statusOf('count-1')) === 'completed');
    await expect(taskClient.getStatus('count-1')).resolves.toEqual({
      status: 'completed',
      payload: { count: 5 },
    });
  });

  it('examples:fail fails with its message', async () => {
    await schedule('fail-1', EXAMPLE_TASK_TYPES.fail, { message: 'as designed' });
    await waitFor(async () => (await statusOf('fail-1')) === 'failed');
    await expect(taskClient.getStatus('fail-1')).resolves.toEqual({
      status: 'failed',
      error: 'as designed',
    });
  });

  it('examples:heartbeat recurs, counting beats in its state, until canceled', async () => {
    await schedule('heartbeat-1', EXAMPLE_TASK_TYPES.heartbeat, { intervalMs: 1000 });
    const beats = async () => {
      const doc = await taskClient.get('heartbeat-1');
      return doc.status === 'not_started'
        ? 0
        : ((doc.task.payload as { beats?: number })?.beats ?? 0);
    };
    await waitFor(async () => (await beats()) >= 2, { timeoutMs: 15_000, description: '2 beats' });
    // The tracking document counts the runs itself, as the runner's state does.
    const doc = await taskClient.get('heartbeat-1');
    expect(doc.status !== 'not_started' && doc.runs).toBe(
      doc.status !== 'not_started' && (doc.task.payload as { beats: number }).beats
    );
    await expect(taskClient.getStatus('heartbeat-1')).resolves.toEqual({ status: 'in_progress' });
    await taskClient.cancel('heartbeat-1');
    await waitFor(async () => (await statusOf('heartbeat-1')) === 'canceled', {
      description: 'the heartbeat to stop',
    });
    await waitFor(
      async () =>
        !(await harness.client.exists({ index: harness.taskIndex, id: 'task:heartbeat-1' })),
      { description: 'its Task Manager task to be gone' }
    );
  });

  it('refuses bad params naming the field', async () => {
    await expect(schedule('bad', EXAMPLE_TASK_TYPES.sleep, { ms: 'soon' })).rejects.toThrow(
      /\[ms\]/
    );
  });
});
