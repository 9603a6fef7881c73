import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import { toOwnerId } from '../../common/task_lifecycle';
import { claimTasks } from '../src/claim_tasks';
import { Dispatcher } from '../src/dispatcher';
import { findDueTasks } from '../src/due_task_query';
import { AlwaysLeader } from '../src/leader_lease';
import {
  createTestIndices,
  deleteTestIndices,
  scheduleTasks,
  testDispatcherConfig,
  type TestIndices,
} from './helpers/indices';
import { TestNode } from './helpers/test_node';

jest.setTimeout(60_000);

describe('fenced claims', () => {
  let es: Client;
  let indices: TestIndices;

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-claim-race');
  });

  afterAll(async () => {
    await deleteTestIndices(es, indices);
    await es.close();
  });

  it('two claimers racing for the same versions: each task is claimed once, the loser counts conflicts', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `race-${i}`);
    await scheduleTasks(
      es,
      indices.tasks,
      ids.map((id) => ({ id }))
    );
    const candidates = await findDueTasks(es, {
      index: indices.tasks,
      scope: 'backgroundTasks',
      types: ['test:work'],
      size: 100,
      now: Date.now(),
    });
    expect(candidates).toHaveLength(50);

    const requests = (nodeId: string) =>
      candidates.map((candidate) => ({
        candidate,
        nodeId,
        definition: { timeout: '1m' },
        cost: 1,
      }));
    const [a, b] = await Promise.all([
      claimTasks(es, indices.tasks, requests('a')),
      claimTasks(es, indices.tasks, requests('b')),
    ]);

    expect(a.claimed.length + b.claimed.length).toBe(50);
    expect(a.conflicts + b.conflicts).toBe(50);
    expect(new Set([...a.claimed, ...b.claimed].map((c) => c.id)).size).toBe(50);
    const docs = await es.mget<{ task: { ownerId: string; attempts: number; status: string } }>({
      index: indices.tasks,
      ids: ids.map((id) => `task:${id}`),
    });
    const winners = new Map([...a.claimed, ...b.claimed].map((c) => [c.id, toOwnerId(c.nodeId)]));
    for (const [i, doc] of docs.docs.entries()) {
      const task = 'found' in doc && doc.found ? doc._source!.task : undefined;
      expect(task).toMatchObject({ status: 'running', attempts: 1, ownerId: winners.get(ids[i]) });
    }
  });

  it('two dispatchers forced to lead at once never push a task twice', async () => {
    const node = new TestNode({ es, id: 'race-node', indices, capacity: 1000, runMs: 5 });
    await node.start();
    const config = testDispatcherConfig(getEsUrl(), indices, {
      poll: { interval_ms: 50, batch_size: 100 },
      // Fencing between two leaders is under test, not push timeouts: on a busy machine a push
      // outliving a short timeout is released, and the node's late answer to it is a (correct) 409.
      push: { timeout_ms: 15_000 },
    });
    const dispatchers = [0, 1].map(
      () => new Dispatcher(config, { leadership: () => new AlwaysLeader(), defaultMetrics: false })
    );
    try {
      const ids = Array.from({ length: 300 }, (_, i) => `forced-${i}`);
      await scheduleTasks(
        es,
        indices.tasks,
        ids.map((id) => ({ id }))
      );
      await Promise.all(dispatchers.map((d) => d.start()));
      await waitFor(() => ids.every((id) => node.counts().has(id)), {
        timeoutMs: 30_000,
        description: 'every task to run',
      });
      const outcomes = await Promise.all(
        dispatchers.map(async (d) => (await d.metrics.pushes.get()).values)
      );
      console.log(
        `push outcomes: ${JSON.stringify(outcomes.map((v) => v.map((x) => [x.labels.outcome, x.value])))}`
      );
      expect([...node.counts().values()].filter((n) => n > 1)).toEqual([]);
      expect(node.pushes.filter((p) => p.status !== 202)).toEqual([]);

      const claims = await Promise.all(
        dispatchers.map(async (d) => (await d.metrics.claims.get()).values[0].value)
      );
      const conflicts = await Promise.all(
        dispatchers.map(async (d) => (await d.metrics.conflicts.get()).values[0].value)
      );
      console.log(
        `forced leaders: claims ${claims.join(' + ')}, conflicts ${conflicts.join(' + ')}`
      );
      // The 50 tasks of the first test stay claimed (running, retryAt in a minute), untouched.
      expect(claims[0] + claims[1]).toBe(300);
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await node.stop();
    }
  });
});
