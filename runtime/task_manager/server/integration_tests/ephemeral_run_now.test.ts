// ephemeralRunNow's runtime-only options: the caller's abort controller and fake request.
import type { Client } from '@elastic/elasticsearch';
import type { KibanaRequest } from '@kbn/core/server';
import { TaskCost } from '@kbn/task-manager-plugin/server';
import { createTestEsClient, uniqueName } from '../../../../test_helpers/elasticsearch';
import { waitFor } from '../../../../test_helpers/wait_for';
import { TaskRunAbortReason, isTaskRunAbortReason } from '../../../../common/task_run_abort_reason';
import { startTestTaskManager } from '../test_utils';
import type { TestTaskManager } from '../test_utils';

jest.setTimeout(60_000);

describe('ephemeralRunNow options', () => {
  let client: Client;
  const index = uniqueName('.test-tm-ephemeral');
  let node: TestTaskManager;
  const seen: Array<{
    signal: AbortSignal;
    abortController: AbortController;
    fakeRequest?: KibanaRequest;
  }> = [];

  beforeAll(() => {
    client = createTestEsClient();
    node = startTestTaskManager(
      client,
      {
        waitsForAbort: {
          // far longer than the test: only an abort ends the run
          timeout: '10m',
          // capacity 5 is 10 cost units: room for one run of Task Manager's own
          cost: TaskCost.ExtraLarge,
          createTaskRunner: ({ abortController, fakeRequest }) => ({
            run: async () => {
              seen.push({ signal: abortController.signal, abortController, fakeRequest });
              await new Promise((resolve) =>
                abortController.signal.addEventListener('abort', resolve)
              );
              throw abortController.signal.reason;
            },
          }),
        },
      },
      { config: { index, capacity: 5 }, backgroundTasks: false }
    );
  });

  afterAll(async () => {
    await node.plugin.stop();
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it('aborts the run when the caller aborts its controller, and passes the caller’s request', async () => {
    const abortController = new AbortController();
    const request = { url: new URL('http://localhost/s/other') } as unknown as KibanaRequest;
    const run = node.start.ephemeralRunNow(
      { id: 'eph-abort', taskType: 'waitsForAbort', params: {} },
      { abortController, request }
    );
    await waitFor(() => seen.length === 1, { description: 'the run to start' });
    expect(seen[0].fakeRequest).toBe(request);
    const reason = TaskRunAbortReason.shutdown();
    abortController.abort(reason);
    await expect(run).rejects.toMatchObject({
      name: 'EphemeralTaskRunError',
      result: { error: reason },
    });
    // one controller: the runner's signal is the caller's
    expect(seen[0].signal).toBe(abortController.signal);
  });

  it('leaves a caller-owned run to the caller’s gate: it takes none of its own capacity', async () => {
    const controllers = [new AbortController(), new AbortController()];
    const runs = controllers.map((abortController, i) =>
      node.start.ephemeralRunNow(
        { id: `eph-owned-${i}`, taskType: 'waitsForAbort', params: {} },
        { abortController }
      )
    );
    await waitFor(() => seen.length === 3, { description: 'both caller-owned runs to start' });
    // Task Manager's own gate is still whole: one run of its own fits beside the two
    const own = node.start.ephemeralRunNow({
      id: 'eph-own',
      taskType: 'waitsForAbort',
      params: {},
    });
    await waitFor(() => seen.length === 4, { description: 'the run of its own to start' });
    await expect(
      node.start.ephemeralRunNow({ id: 'eph-own-2', taskType: 'waitsForAbort', params: {} })
    ).rejects.toMatchObject({ name: 'EphemeralTaskRejectedDueToCapacityError' });
    const ended = [...runs, own].map((run) =>
      expect(run).rejects.toMatchObject({ name: 'EphemeralTaskRunError' })
    );
    for (const controller of controllers) controller.abort(TaskRunAbortReason.canceled());
    seen[3].abortController.abort(TaskRunAbortReason.canceled());
    await Promise.all(ended);
  });

  it('aborts ephemeral runs with a shutdown reason on stop', async () => {
    const run = node.start.ephemeralRunNow({
      id: 'eph-stop',
      taskType: 'waitsForAbort',
      params: {},
    });
    await waitFor(() => seen.length === 5, { description: 'the run to start' });
    const rejected = expect(run).rejects.toMatchObject({ name: 'EphemeralTaskRunError' });
    await node.plugin.stop();
    await rejected;
    expect(isTaskRunAbortReason(seen[4].signal.reason, 'shutdown')).toBe(true);
  });
});
