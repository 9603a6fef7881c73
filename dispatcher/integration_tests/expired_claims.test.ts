import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import { Dispatcher } from '../src/dispatcher';
import {
  createTestIndices,
  deleteTestIndices,
  scheduleTasks,
  testDispatcherConfig,
  writeTrackingDocument,
  type TestIndices,
} from './helpers/indices';
import { TestNode } from './helpers/test_node';

jest.setTimeout(60_000);

describe('expired claims', () => {
  let es: Client;
  let indices: TestIndices;
  let node: TestNode;
  let dispatcher: Dispatcher;
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-expired');
    node = new TestNode({
      es,
      id: 'survivor',
      indices,
      taskTypes: { 'test:work': { timeout: '30s', max_attempts: 3, cost: 1 } },
    });
    await node.start();
    dispatcher = new Dispatcher(testDispatcherConfig(getEsUrl(), indices), {
      defaultMetrics: false,
    });
    await dispatcher.start();
  });

  afterAll(async () => {
    await dispatcher.stop();
    await node.stop();
    await deleteTestIndices(es, indices);
    await es.close();
  });

  it('re-dispatches a claim whose retryAt passed while attempts are left', async () => {
    await scheduleTasks(es, indices.tasks, [
      {
        id: 'expired-retry',
        status: 'running',
        ownerId: 'dead-node',
        retryAt: ago(100),
        runAt: ago(60_000),
        attempts: 2,
      },
    ]);
    const run = await waitFor(() => node.executions.find((e) => e.id === 'expired-retry'), {
      description: 'the re-dispatch',
    });
    expect(run.attempts).toBe(3);
  });

  it('fails a claim whose retryAt passed with no attempts left, and the tracking document says why', async () => {
    await writeTrackingDocument(es, indices.tracking, 'expired-final');
    await scheduleTasks(es, indices.tasks, [
      {
        id: 'expired-final',
        status: 'running',
        ownerId: 'dead-node',
        retryAt: ago(100),
        runAt: ago(60_000),
        attempts: 3,
      },
    ]);
    const tracking = await waitFor(
      async () => {
        const doc = await es.get<{
          status: string;
          last_failed_at?: string;
          updated_at: string;
          task: { error?: string };
        }>({
          index: indices.tracking,
          id: 'expired-final',
        });
        return doc._source?.status === 'failed' ? doc._source : undefined;
      },
      { description: 'the tracking document to fail' }
    );
    expect(tracking.task.error).toMatch(
      /expired-final \(test:work\) did not finish: its claim by node dead-node expired at .* after 3 of 3 attempts/
    );
    expect(tracking.last_failed_at).toEqual(tracking.updated_at);
    const task = await es.get<{ task: { status: string; ownerId: null } }>({
      index: indices.tasks,
      id: 'task:expired-final',
    });
    expect(task._source!.task).toMatchObject({ status: 'failed', ownerId: null });
    expect(node.executions.find((e) => e.id === 'expired-final')).toBeUndefined();
  });

  it('puts a recurring task with no attempts left back on its schedule', async () => {
    await scheduleTasks(es, indices.tasks, [
      {
        id: 'expired-recurring',
        status: 'running',
        ownerId: 'dead-node',
        retryAt: ago(100),
        runAt: ago(60_000),
        attempts: 3,
        schedule: { interval: '1h' },
      },
    ]);
    const task = await waitFor(
      async () => {
        const doc = await es.get<{ task: { status: string; runAt: string; attempts: number } }>({
          index: indices.tasks,
          id: 'task:expired-recurring',
        });
        return doc._source!.task.status === 'idle' ? doc._source!.task : undefined;
      },
      { description: 'the recurring task to be rescheduled' }
    );
    expect(task.attempts).toBe(0);
    expect(Date.parse(task.runAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('fails a recurring task whose next run cannot be computed, with the reason, once', async () => {
    await writeTrackingDocument(es, indices.tracking, 'expired-unschedulable');
    // written by someone else: no route accepts this interval (its next run is no date)
    await scheduleTasks(es, indices.tasks, [
      {
        id: 'expired-unschedulable',
        status: 'running',
        ownerId: 'dead-node',
        retryAt: ago(100),
        runAt: ago(60_000),
        attempts: 3,
        schedule: { interval: '99999999999999999999d' },
      },
    ]);
    const tracking = await waitFor(
      async () => {
        const doc = await es.get<{ status: string; task: { error?: string } }>({
          index: indices.tracking,
          id: 'expired-unschedulable',
        });
        return doc._source?.status === 'failed' ? doc._source : undefined;
      },
      { description: 'the tracking document to fail' }
    );
    expect(tracking.task.error).toMatch(/next run of schedule .* is not a date before year 10000/);
    const task = await es.get<{ task: { status: string; ownerId: null } }>({
      index: indices.tasks,
      id: 'task:expired-unschedulable',
    });
    expect(task._source!.task).toMatchObject({ status: 'failed', ownerId: null });
    expect(node.executions.find((e) => e.id === 'expired-unschedulable')).toBeUndefined();
  });

  it('a node that accepts and never finishes: the task runs elsewhere after its retryAt', async () => {
    const blackhole = new TestNode({
      es,
      id: 'a-blackhole',
      indices,
      mode: 'blackhole',
      taskTypes: { 'test:short': { timeout: '1s', max_attempts: 3, cost: 1 } },
    });
    const other = new TestNode({
      es,
      id: 'b-other',
      indices,
      taskTypes: { 'test:short': { timeout: '1s', max_attempts: 3, cost: 1 } },
    });
    // The black hole is the only node when the task comes; the other joins once it took it.
    await blackhole.start();
    try {
      await scheduleTasks(es, indices.tasks, [{ id: 'stuck', type: 'test:short' }]);
      await waitFor(() => blackhole.executions.some((e) => e.id === 'stuck'), {
        description: 'the black hole to take it',
      });
      await other.start();
      await blackhole.stop(); // it dies: no heartbeat any more
      // Kibana's retryAt for a one-shot first attempt: claim time + 30 s + the 1 s timeout.
      const rerun = await waitFor(() => other.executions.find((e) => e.id === 'stuck'), {
        timeoutMs: 45_000,
        description: 'the re-dispatch',
      });
      expect(rerun.attempts).toBe(2);
      expect(rerun.startedAt - blackhole.executions[0].startedAt).toBeGreaterThanOrEqual(900);
    } finally {
      await Promise.all([blackhole.stop(), other.stop()]);
    }
  });

  it('leaves a live owner the claim it vouches for, and takes it once the owner stops vouching', async () => {
    node.vouchedTasks.add('vouched');
    // The task must not look expired to the dispatcher before it has read the vouch.
    await waitFor(
      async () => {
        const health = (await (await fetch(dispatcher.url + '/health')).json()) as {
          nodes: Array<{ id: string; vouched_tasks: number }>;
        };
        return health.nodes.some((n) => n.id === node.id && n.vouched_tasks === 1);
      },
      { description: "the dispatcher to read the node's vouch" }
    );
    await scheduleTasks(es, indices.tasks, [
      {
        id: 'vouched',
        status: 'running',
        ownerId: `kibana:${node.id}`,
        retryAt: ago(100),
        runAt: ago(60_000),
        attempts: 1,
      },
    ]);
    // A task scheduled after it is dispatched: the dispatcher has polled past the vouched one.
    await scheduleTasks(es, indices.tasks, [{ id: 'after-vouched' }]);
    await waitFor(() => node.executions.some((e) => e.id === 'after-vouched'), {
      description: 'a later task to run',
    });
    const vouchedDoc = await es.get<{ task: { ownerId: string; status: string } }>({
      index: indices.tasks,
      id: 'task:vouched',
    });
    expect(node.executions.some((e) => e.id === 'vouched')).toBe(false);
    expect(vouchedDoc._source?.task).toMatchObject({
      status: 'running',
      ownerId: 'kibana:survivor',
    });

    node.vouchedTasks.delete('vouched');
    const run = await waitFor(() => node.executions.find((e) => e.id === 'vouched'), {
      description: 'the re-dispatch once nothing vouches for it',
    });
    expect(run.attempts).toBe(2);
  });
});
