// Two Task Manager nodes on one index: 200 tasks each run exactly once, never by both nodes.
import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, uniqueName } from '../../../../test_helpers/elasticsearch';
import { waitFor } from '../../../../test_helpers/wait_for';
import { toOwnerId } from '../../../../common/task_lifecycle';
import { startTestTaskManager } from '../test_utils';
import type { TestTaskManager } from '../test_utils';

const TASKS = 200;

// the integration project's testTimeout is not applied per project by Jest 30
jest.setTimeout(60_000);

describe('claiming across two nodes', () => {
  let client: Client;
  const index = uniqueName('.test-tm-claiming');
  const nodes: TestTaskManager[] = [];
  const runs = new Map<string, string[]>();

  beforeAll(() => {
    client = createTestEsClient();
    const definitions = {
      countRun: {
        title: 'records which node ran it',
        createTaskRunner: ({
          taskInstance,
        }: {
          taskInstance: { id: string; ownerId: string | null };
        }) => ({
          run: async () => {
            const owners = runs.get(taskInstance.id) ?? [];
            runs.set(taskInstance.id, [...owners, taskInstance.ownerId ?? '?']);
            await new Promise((resolve) => setImmediate(resolve));
            return { state: {} };
          },
        }),
      },
    };
    nodes.push(startTestTaskManager(client, definitions, { config: { index } }));
    nodes.push(startTestTaskManager(client, definitions, { config: { index } }));
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.plugin.stop()));
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it('runs each task exactly once on one of the nodes', async () => {
    const ids = Array.from({ length: TASKS }, (_, i) => `task-${i}`);
    // half scheduled through each node
    await Promise.all(
      ids.map((id, i) =>
        nodes[i % 2].start.schedule({ id, taskType: 'countRun', params: { i }, state: {} })
      )
    );

    await waitFor(
      async () => {
        const { count } = await client.count({ index, query: { term: { type: 'task' } } });
        return runs.size === TASKS && count === 0;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: `${TASKS} runs and no task left` }
    );

    const twice = [...runs.entries()].filter(([, owners]) => owners.length !== 1);
    expect(twice).toEqual([]);
    const byNode = new Map<string, number>();
    for (const [owner] of runs.values()) byNode.set(owner, (byNode.get(owner) ?? 0) + 1);
    expect([...byNode.keys()].sort()).toEqual(
      nodes.map((node) => toOwnerId(node.instanceUuid)).sort()
    );
    console.log(`runs per node: ${[...byNode.values()].join(' / ')}`);
  });

  it('leaves no pending poll once stopped', async () => {
    expect(nodes.every((node) => node.plugin.isPolling)).toBe(true);
    await Promise.all(nodes.map((node) => node.plugin.stop()));
    expect(nodes.some((node) => node.plugin.isPolling)).toBe(false);
  });
});
