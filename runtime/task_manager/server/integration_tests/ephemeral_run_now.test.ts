// ephemeralRunNow's runtime-only options: the caller's abort controller and fake request.
import type { Client } from '@elastic/elasticsearch';
import type { KibanaRequest } from '@kbn/core/server';
import { createTestEsClient, uniqueName } from '../../../../test_helpers/elasticsearch';
import { waitFor } from '../../../../test_helpers/wait_for';
import { startTestTaskManager } from '../test_utils';
import type { TestTaskManager } from '../test_utils';

jest.setTimeout(60_000);

describe('ephemeralRunNow options', () => {
  let client: Client;
  const index = uniqueName('.test-tm-ephemeral');
  let node: TestTaskManager;
  const seen: Array<{ signal: AbortSignal; fakeRequest?: KibanaRequest }> = [];

  beforeAll(() => {
    client = createTestEsClient();
    node = startTestTaskManager(
      client,
      {
        waitsForAbort: {
          // far longer than the test: only an abort ends the run
          timeout: '10m',
          createTaskRunner: ({ abortController, fakeRequest }) => ({
            run: async () => {
              seen.push({ signal: abortController.signal, fakeRequest });
              await new Promise((resolve) =>
                abortController.signal.addEventListener('abort', resolve)
              );
              throw abortController.signal.reason;
            },
          }),
        },
      },
      { config: { index }, backgroundTasks: false }
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
    const reason = Object.assign(new Error('shutting down'), { name: 'PushShutdownError' });
    abortController.abort(reason);
    await expect(run).rejects.toMatchObject({
      name: 'EphemeralTaskRunError',
      result: { error: { name: 'PushShutdownError' } },
    });
    expect(seen[0].signal.reason).toBe(reason);
  });

  it('aborts ephemeral runs with a TaskManagerStoppingError on stop', async () => {
    const run = node.start.ephemeralRunNow({
      id: 'eph-stop',
      taskType: 'waitsForAbort',
      params: {},
    });
    await waitFor(() => seen.length === 2, { description: 'the run to start' });
    const rejected = expect(run).rejects.toMatchObject({ name: 'EphemeralTaskRunError' });
    await node.plugin.stop();
    await rejected;
    expect((seen[1].signal.reason as Error).name).toBe('TaskManagerStoppingError');
  });
});
