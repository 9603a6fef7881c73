import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import { Dispatcher } from '../src/dispatcher';
import {
  createTestIndices,
  deleteTestIndices,
  scheduleTasks,
  testDispatcherConfig,
  type TestIndices,
} from './helpers/indices';
import { TestNode } from './helpers/test_node';

jest.setTimeout(90_000);

/**
 * The claim rate does not depend on the index refresh nor on `poll.batch_size`: with refresh
 * off, claimed tasks look idle to search forever, so a dispatcher that let them fill its batch
 * would take one batch and then find only tasks it already claimed.
 */
describe('the claim rate without index refreshes', () => {
  let es: Client;
  let indices: TestIndices;
  let nodes: TestNode[] = [];
  let dispatcher: Dispatcher | undefined;

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-claim-rate');
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await Promise.all(nodes.map((node) => node.stop()));
    await deleteTestIndices(es, indices);
    await es.close();
  });

  it('runs 300 due tasks once each with batch_size 10 and refresh_interval -1', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `due-${String(i).padStart(3, '0')}`);
    await scheduleTasks(
      es,
      indices.tasks,
      ids.map((id) => ({ id })),
      true
    );
    await es.indices.putSettings({
      index: indices.tasks,
      settings: { index: { refresh_interval: '-1' } },
    });
    nodes = ['node-a', 'node-b'].map(
      (id) => new TestNode({ es, id, indices, capacity: 50, runMs: 5 })
    );
    await Promise.all(nodes.map((node) => node.start()));
    dispatcher = new Dispatcher(
      testDispatcherConfig(getEsUrl(), indices, {
        poll: { batch_size: 10, interval_ms: 1000 },
      }),
      { defaultMetrics: false }
    );
    const started = Date.now();
    await dispatcher.start();

    const executed = () => nodes.flatMap((node) => node.executions);
    // No refresh ever comes: one batch per refresh would never get past the first 10.
    await waitFor(() => new Set(executed().map((e) => e.id)).size === ids.length, {
      timeoutMs: 60_000,
      description: 'all 300 tasks to run',
    });
    const elapsedMs = Date.now() - started;
    const counts = new Map<string, number>();
    for (const { id } of executed()) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(elapsedMs).toBeLessThan(60_000);
    for (const node of nodes) expect(node.maxRunningCost).toBeLessThanOrEqual(node.capacity);
  });
});
