// An in-process dispatcher that leads over test indices, and what tests read of it: its nodes'
// back-off, its push outcomes and its releases.
import type { Client } from '@elastic/elasticsearch';
import type { DispatcherSections } from '../../../scripts/system/system_config';
import { createTestEsClient, getEsUrl } from '../../../test_helpers/elasticsearch';
import { waitFor } from '../../../test_helpers/wait_for';
import { Dispatcher } from '../../src/dispatcher';
import {
  createTestIndices,
  deleteTestIndices,
  testDispatcherConfig,
  type TestIndices,
} from './indices';
import { TestNode, type TestNodeOptions } from './test_node';

/** Starts a dispatcher on `indices` (test settings, `overrides` on top) and waits until it leads. */
export async function startLeader(
  indices: TestIndices,
  overrides: DispatcherSections = {}
): Promise<Dispatcher> {
  const dispatcher = new Dispatcher(testDispatcherConfig(getEsUrl(), indices, overrides), {
    defaultMetrics: false,
  });
  await dispatcher.start();
  await waitFor(() => dispatcher.isLeader(), { description: 'leadership' });
  return dispatcher;
}

/** Pushes the dispatcher counted with `outcome` (see PushOutcome). */
export async function pushCount(dispatcher: Dispatcher, outcome: string): Promise<number> {
  const { values } = await dispatcher.metrics.pushes.get();
  return values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

/** Claims the dispatcher released (fenced writes that landed). */
export async function releasedCount(dispatcher: Dispatcher): Promise<number> {
  const { values } = await dispatcher.metrics.releases.get();
  return values.find((v) => v.labels.result === 'released')?.value ?? 0;
}

/** The dispatcher's `/health` answer. */
export async function healthOf(dispatcher: Dispatcher) {
  return (await fetch(dispatcher.url + '/health')).json();
}

/** Waits until no node is backed off: each one is a candidate again. */
export async function noNodeBackedOff(dispatcher: Dispatcher): Promise<void> {
  await waitFor(
    async () =>
      !(await healthOf(dispatcher)).nodes.some(
        (n: { backed_off_until?: string }) => n.backed_off_until
      ),
    { description: 'no node backed off' }
  );
}

/** A test node and a leading dispatcher on indices of their own. */
export interface OneNodeSystem {
  es: Client;
  indices: TestIndices;
  node: TestNode;
  dispatcher: Dispatcher;
  /** stops both, deletes the indices and closes the client */
  stop(): Promise<void>;
}

export async function startOneNodeSystem(
  prefix: string,
  node: Omit<TestNodeOptions, 'es' | 'indices'>,
  overrides: DispatcherSections = {}
): Promise<OneNodeSystem> {
  const es = createTestEsClient();
  const indices = await createTestIndices(es, prefix);
  const testNode = new TestNode({ ...node, es, indices });
  await testNode.start();
  const dispatcher = await startLeader(indices, overrides);
  return {
    es,
    indices,
    node: testNode,
    dispatcher,
    async stop() {
      await dispatcher.stop();
      await testNode.stop();
      await deleteTestIndices(es, indices);
      await es.close();
    },
  };
}
