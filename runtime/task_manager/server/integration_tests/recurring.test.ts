// A recurring task runs again and again, its state carried over and its runAt on the schedule.
import type { Client } from '@elastic/elasticsearch';
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server';
import { createTestEsClient, uniqueName } from '../../../../test_helpers/elasticsearch';
import { waitFor } from '../../../../test_helpers/wait_for';
import { startTestTaskManager } from '../test_utils';
import type { TestTaskManager } from '../test_utils';

const POLL_INTERVAL = 500;

// the integration project's testTimeout is not applied per project by Jest 30
jest.setTimeout(60_000);

describe('a recurring task', () => {
  let client: Client;
  const index = uniqueName('.test-tm-recurring');
  let node: TestTaskManager;
  const seen: Array<Pick<ConcreteTaskInstance, 'runAt' | 'startedAt' | 'state' | 'attempts'>> = [];

  beforeAll(() => {
    client = createTestEsClient();
    node = startTestTaskManager(
      client,
      {
        counter: {
          createTaskRunner: ({ taskInstance }) => ({
            run: async () => {
              const { runAt, startedAt, state, attempts } = taskInstance;
              seen.push({ runAt, startedAt, state, attempts });
              return { state: { count: ((state.count as number) ?? 0) + 1 } };
            },
          }),
        },
      },
      { config: { index, poll_interval: POLL_INTERVAL } }
    );
  });

  afterAll(async () => {
    await node.plugin.stop();
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it('carries its state and schedules each run one interval after the previous runAt', async () => {
    await node.start.schedule({
      id: 'every-second',
      taskType: 'counter',
      schedule: { interval: '1s' },
      params: {},
      state: { count: 0 },
    });
    await waitFor(() => seen.length >= 4, { timeoutMs: 20_000, description: '4 runs' });

    expect(seen.map((run) => run.state.count)).toEqual(seen.map((_, i) => i));
    expect(seen.every((run) => run.attempts === 1)).toBe(true);
    let exact = 0;
    for (let i = 1; i < seen.length; i++) {
      const previous = seen[i - 1];
      // Kibana's rule: from the previous runAt, unless that run started a poll interval late
      const late = previous.startedAt!.getTime() - previous.runAt.getTime() >= POLL_INTERVAL;
      const base = late ? previous.startedAt! : previous.runAt;
      expect(seen[i].runAt.getTime()).toBe(base.getTime() + 1000);
      if (!late) exact++;
    }
    console.log(
      `${exact} of ${seen.length - 1} steps exactly one interval after the previous runAt`
    );

    const stored = await node.start.get('every-second');
    expect(stored.status).toBe('idle');
    expect(stored.ownerId).toBeNull();
    expect(stored.attempts).toBe(0);
    expect(stored.state.count).toBeGreaterThanOrEqual(4);
  });
});
