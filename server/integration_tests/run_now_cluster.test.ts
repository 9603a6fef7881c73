// Two push-mode nodes as separate processes: a claim pushed to both runs on exactly one.
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { startTestNodes } from '../../test_helpers/kbn_server';
import type { TestHost } from '../../test_helpers/system';
import { waitFor } from '../../test_helpers/wait_for';
import {
  callRoute,
  claimTask,
  createIndices,
  deleteIndices,
  executionsOf,
  push,
  pushHostConfig,
  readTask,
} from './push_test_env';

const es = createTestEsClient();
const indices = createIndices('run-now-cluster');
let nodes: TestHost[] = [];

beforeAll(async () => {
  nodes = await startTestNodes(getEsUrl(), 2, pushHostConfig(indices));
});

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  await deleteIndices(es, indices);
  await es.close();
});

it('heartbeats one node document per node', async () => {
  await waitFor(async () => {
    const { count } = await es.count({ index: indices.nodes, ignore_unavailable: true });
    return count === 2;
  });
});

it.each([0, 1])(
  'the same claim pushed to both nodes at once executes exactly once (owner: node %i)',
  async (owner) => {
    const id = `both-${owner}`;
    const [a, b] = nodes;
    const scheduled = await callRoute(
      a.url,
      'POST',
      `/internal/background_tasks/tasks/${id}?schedule=true`,
      {
        body: { type: 'fixture:wait', params: { ms: 200 } },
      }
    );
    expect(scheduled.status).toBe(200);
    const body = await claimTask(es, indices.tasks, id, nodes[owner].uuid);
    const [atA, atB] = await Promise.all([push(a.url, body), push(b.url, body)]);
    const statuses = owner === 0 ? [atA.status, atB.status] : [atB.status, atA.status];
    expect(statuses).toEqual([202, 409]);
    await waitFor(async () => (await readTask(es, indices.tasks, id)) === undefined, {
      description: 'the run to finish',
    });
    const executions = await executionsOf(es, indices.executions, id);
    expect(executions).toHaveLength(1);
    expect(executions[0].node).toBe(nodes[owner].uuid);
  }
);
