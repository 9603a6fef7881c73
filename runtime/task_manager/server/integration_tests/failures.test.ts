// Failing and hanging tasks: retries up to max attempts, then failed; timeouts abort and release.
import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, uniqueName } from '../../../../test_helpers/elasticsearch';
import { waitFor } from '../../../../test_helpers/wait_for';
import { startTestTaskManager } from '../test_utils';
import type { TestTaskManager } from '../test_utils';

// the integration project's testTimeout is not applied per project by Jest 30
jest.setTimeout(60_000);

describe('failures and timeouts', () => {
  let client: Client;
  const index = uniqueName('.test-tm-failures');
  let node: TestTaskManager;
  const failingRuns: number[] = [];
  const hangingRuns: Array<{ attempts: number; aborted?: boolean }> = [];
  let oneShotHang: { signal?: AbortSignal; startedAt?: Date | null; retryAt?: Date | null } = {};

  beforeAll(() => {
    client = createTestEsClient();
    node = startTestTaskManager(
      client,
      {
        alwaysFails: {
          maxAttempts: 3,
          createTaskRunner: ({ taskInstance }) => ({
            run: async () => {
              failingRuns.push(taskInstance.attempts);
              // a runner may name its retry time; a near one keeps the test short
              return {
                error: new Error(`failure ${taskInstance.attempts}`),
                state: { last: taskInstance.attempts },
                runAt: new Date(Date.now() + 200),
              };
            },
          }),
        },
        hangsOnce: {
          timeout: '1s',
          createTaskRunner: ({ taskInstance, abortController }) => ({
            run: async () => {
              const run: { attempts: number; aborted?: boolean } = {
                attempts: taskInstance.attempts,
              };
              hangingRuns.push(run);
              if (hangingRuns.length > 1) return { state: { done: true } };
              await new Promise((resolve) =>
                abortController.signal.addEventListener('abort', resolve)
              );
              run.aborted = true;
              throw new Error('aborted');
            },
          }),
        },
        oneShotHangs: {
          timeout: '1s',
          createTaskRunner: ({ taskInstance, abortController }) => ({
            run: async () => {
              oneShotHang = {
                signal: abortController.signal,
                startedAt: taskInstance.startedAt,
                retryAt: taskInstance.retryAt,
              };
              await new Promise((resolve) =>
                abortController.signal.addEventListener('abort', resolve)
              );
              return { state: {} };
            },
          }),
        },
      },
      { config: { index } }
    );
  });

  afterAll(async () => {
    await node.plugin.stop();
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it('retries a failing one-shot task up to maxAttempts, then marks it failed', async () => {
    await node.start.schedule({ id: 'fails', taskType: 'alwaysFails', params: {}, state: {} });
    await waitFor(async () => (await node.start.get('fails')).status === 'failed', {
      timeoutMs: 20_000,
      description: 'the task to fail for good',
    });
    expect(failingRuns).toEqual([1, 2, 3]);
    const task = await node.start.get('fails');
    expect(task).toMatchObject({ status: 'failed', attempts: 3, ownerId: null, retryAt: null });
    expect(task.state).toEqual({ last: 3 });
  });

  it('aborts a recurring run at its timeout, releases the task and runs it again', async () => {
    await node.start.schedule({
      id: 'hangs',
      taskType: 'hangsOnce',
      schedule: { interval: '2s' },
      params: {},
      state: {},
    });
    await waitFor(() => hangingRuns.length >= 2, {
      timeoutMs: 20_000,
      description: 'a second run',
    });
    expect(hangingRuns[0]).toEqual({ attempts: 1, aborted: true });
    // the expired run wrote only the next runAt (attempts kept), so the retry is attempt 2
    expect(hangingRuns[1].attempts).toBe(2);
    await waitFor(async () => (await node.start.get('hangs')).state.done === true, {
      description: 'the successful run to be saved',
    });
    expect(await node.start.get('hangs')).toMatchObject({
      status: 'idle',
      attempts: 0,
      ownerId: null,
    });
  });

  it('claims a one-shot task until 30 s plus its timeout after start, and aborts it at 1 s', async () => {
    await node.start.schedule({
      id: 'one-shot-hangs',
      taskType: 'oneShotHangs',
      params: {},
      state: {},
    });
    await waitFor(() => oneShotHang.signal?.aborted, { timeoutMs: 20_000, description: 'abort' });
    const { startedAt, retryAt } = oneShotHang;
    expect(retryAt!.getTime() - startedAt!.getTime()).toBe(31_000);
    const elapsed = Date.now() - startedAt!.getTime();
    expect(elapsed).toBeGreaterThanOrEqual(1000);
  });
});
