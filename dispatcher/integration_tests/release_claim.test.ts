import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import type { NodeDocument } from '../../common/push/push_protocol';
import { Dispatcher } from '../src/dispatcher';
import {
  createTestIndices,
  deleteTestIndices,
  scheduleTasks,
  type TestIndices,
} from './helpers/indices';
import { notifyDispatcher } from './helpers/notify';
import {
  healthOf,
  noNodeBackedOff,
  pushCount,
  releasedCount,
  startLeader,
  startOneNodeSystem,
  type OneNodeSystem,
} from './helpers/leader';
import { TestNode, type TestNodeMode } from './helpers/test_node';

jest.setTimeout(60_000);

describe('a refused push is released and goes to another node', () => {
  let es: Client;
  let indices: TestIndices;
  let good: TestNode;
  let bad: TestNode;
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-release');
    // Equally loaded nodes take turns in id order, from 'a-bad'. Each case below places its task
    // twice (on the bad node, then on the good one after the release), so every case starts on
    // the bad node.
    bad = new TestNode({ es, id: 'a-bad', indices, capacity: 10 });
    good = new TestNode({ es, id: 'b-good', indices, capacity: 10 });
    await Promise.all([bad.start(), good.start()]);
    dispatcher = await startLeader(indices, {
      push: { timeout_ms: 300, backoff_initial_ms: 300, backoff_max_ms: 600 },
    });
  });

  afterAll(async () => {
    await dispatcher.stop();
    await Promise.all([bad.stop(), good.stop()]);
    await deleteTestIndices(es, indices);
    await es.close();
  });

  const health = () => healthOf(dispatcher);
  const pushes = (outcome: string) => pushCount(dispatcher, outcome);
  const released = () => releasedCount(dispatcher);
  const noneBackedOff = () => noNodeBackedOff(dispatcher);

  it.each<[TestNodeMode, string]>([
    ['busy', 'busy'],
    ['unavailable', 'unavailable'],
  ])('node answering %s: released, run by the other node', async (mode, outcome) => {
    bad.mode = mode;
    // The bad node must be a candidate again (its breaker closed) for the case to mean anything.
    await noneBackedOff();
    const id = `release-${mode}`;
    const before = await pushes(outcome);
    await scheduleTasks(es, indices.tasks, [{ id }]);
    const run = await waitFor(() => good.executions.find((e) => e.id === id), {
      timeoutMs: 15_000,
      description: `${id} on the good node`,
    });
    expect(run.attempts).toBe(1); // released with attempts back to 0, then claimed once more
    expect(bad.executions.find((e) => e.id === id)).toBeUndefined();
    expect(await pushes(outcome)).toBeGreaterThan(before);
    expect(await released()).toBeGreaterThan(0);
  });

  it('a node that cannot be reached: nothing sent, released, sent elsewhere', async () => {
    const dead: NodeDocument = {
      id: 'a-dead',
      push_url: 'http://127.0.0.1:1',
      capacity: 100,
      task_types: { 'test:work': { timeout: '30s', max_attempts: 3, cost: 1 } },
      last_seen: new Date().toISOString(),
    };
    const beat = setInterval(
      () =>
        void es
          .index({
            index: indices.nodes,
            id: dead.id,
            document: { ...dead, last_seen: new Date().toISOString() },
          })
          .catch(() => undefined),
      100
    );
    try {
      await es.index({ index: indices.nodes, id: dead.id, document: dead, refresh: true });
      await waitFor(
        async () =>
          (await (await fetch(dispatcher.url + '/health')).json()).nodes.some(
            (n: { id: string }) => n.id === 'a-dead'
          ),
        {
          description: 'the dead node to be discovered',
        }
      );
      const ids = ['conn-1', 'conn-2', 'conn-3'];
      await scheduleTasks(
        es,
        indices.tasks,
        ids.map((id) => ({ id }))
      );
      // The breaker opens for a few hundred ms at a time: watch for it while the tasks run, a
      // single look afterwards can come after it closed again.
      let sawBackedOff = false;
      await waitFor(
        async () => {
          const { nodes } = await health();
          if (nodes.find((n: { id: string }) => n.id === 'a-dead')?.backed_off_until)
            sawBackedOff = true;
          return sawBackedOff && ids.every((id) => good.executions.some((e) => e.id === id));
        },
        { timeoutMs: 15_000, description: 'tasks on the good node, the dead node backed off' }
      );
      expect(await pushes('unreachable')).toBeGreaterThan(0);
    } finally {
      clearInterval(beat);
    }
  });
});

describe('a push refused with 409 is released at once', () => {
  let es: Client;
  let indices: TestIndices;
  let node: TestNode;
  let dispatcher: Dispatcher;
  const RUN_MS = 2500;

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-refused');
    // One node; the type's timeout is an hour, as `examples:sleep`'s: a claim left to expire
    // would hold the task for that long.
    node = new TestNode({
      es,
      id: 'only-node',
      indices,
      capacity: 10,
      runMs: RUN_MS,
      taskTypes: { 'test:work': { timeout: '1h', max_attempts: 3, cost: 1 } },
    });
    await node.start();
    dispatcher = await startLeader(indices, {
      // The poll is no help here: the re-push must come from the release and the back-off.
      poll: { interval_ms: 60_000 },
      push: { backoff_initial_ms: 300, backoff_max_ms: 1000 },
    });
  });

  afterAll(async () => {
    await dispatcher.stop();
    await node.stop();
    await deleteTestIndices(es, indices);
    await es.close();
  });

  const notify = (ids: string[]) => notifyDispatcher(dispatcher, ids);

  it('a stale task rescheduled while it still runs: refused, released, pushed again when the old run ends', async () => {
    const id = 'stale-rescheduled';
    await scheduleTasks(es, indices.tasks, [{ id }]);
    await notify([id]);
    const first = await waitFor(() => node.executions.find((e) => e.id === id), {
      description: 'the first run',
    });
    // The reschedule of a stale task: the document is due again while its old run goes on.
    await scheduleTasks(es, indices.tasks, [{ id }]);
    await notify([id]);
    await waitFor(() => node.pushes.some((p) => p.id === id && p.status === 409), {
      description: 'the node to refuse the new run (the old one still runs)',
    });
    const second = await waitFor(() => node.executions.filter((e) => e.id === id)[1], {
      timeoutMs: RUN_MS + 10_000,
      description: 'the new run, well before the type’s one-hour timeout',
    });
    // Never at once: the second starts after the first ended, and within seconds of it.
    expect(second.startedAt).toBeGreaterThanOrEqual(first.startedAt + RUN_MS);
    expect(second.startedAt - (first.startedAt + RUN_MS)).toBeLessThan(5_000);
    expect(
      (await dispatcher.metrics.releases.get()).values.find((v) => v.labels.result === 'released')
        ?.value
    ).toBeGreaterThan(0);
    // The node was not backed off for it: it ran the task, and refusing was its right answer.
    const health = await (await fetch(dispatcher.url + '/health')).json();
    expect(health.nodes.find((n: { id: string }) => n.id === 'only-node').backed_off_until).toBe(
      undefined
    );
  });
});

describe('a push refused with 409 goes to another node at once', () => {
  let es: Client;
  let indices: TestIndices;
  let refusing: TestNode;
  let other: TestNode;
  let dispatcher: Dispatcher;
  const RUN_MS = 6000;
  // An hour's timeout, as `examples:sleep`'s: no expired claim frees the task meanwhile.
  const taskTypes = { 'test:work': { timeout: '1h', max_attempts: 3, cost: 1 } };

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-refused-other');
    // The refusing node is the least loaded one throughout (a tenth of the other's load per
    // run): the rescheduled task is pushed there first, as in the chaos run.
    refusing = new TestNode({
      es,
      id: 'a-refusing',
      indices,
      capacity: 100,
      runMs: RUN_MS,
      taskTypes,
    });
    other = new TestNode({ es, id: 'b-other', indices, capacity: 10, runMs: RUN_MS, taskTypes });
    await refusing.start();
    dispatcher = await startLeader(indices, {
      push: { backoff_initial_ms: 300, backoff_max_ms: 1000 },
    });
  });

  afterAll(async () => {
    await dispatcher.stop();
    await Promise.all([refusing.stop(), other.stop()]);
    await deleteTestIndices(es, indices);
    await es.close();
  });

  const notify = (ids: string[]) => notifyDispatcher(dispatcher, ids);

  it('a stale task rescheduled while it still runs: refused by its node, run at once by another one', async () => {
    const id = 'stale-elsewhere';
    await scheduleTasks(es, indices.tasks, [{ id }]);
    await notify([id]);
    const first = await waitFor(() => refusing.executions.find((e) => e.id === id), {
      description: 'the first run, on the only node',
    });
    await other.start();
    await waitFor(
      async () =>
        (await (await fetch(dispatcher.url + '/health')).json()).nodes.some(
          (n: { id: string }) => n.id === 'b-other'
        ),
      { description: 'the other node to be discovered' }
    );
    // A run on the other node, so that it stays the more loaded one.
    await scheduleTasks(es, indices.tasks, [{ id: 'filler' }]);
    await notify(['filler']);
    await waitFor(() => other.executions.find((e) => e.id === 'filler'), {
      description: 'the filler on the other node',
    });
    await scheduleTasks(es, indices.tasks, [{ id }]);
    await notify([id]);
    const second = await waitFor(() => other.executions.find((e) => e.id === id), {
      timeoutMs: RUN_MS,
      description: 'the new run on the other node',
    });
    expect(refusing.pushes.filter((p) => p.id === id && p.status === 409)).toHaveLength(1);
    // Not after the old run ended, as when the task waited to go back to the refusing node.
    expect(second.startedAt).toBeLessThan(first.startedAt + RUN_MS);
    expect(refusing.executions.filter((e) => e.id === id)).toHaveLength(1);
  });
});

describe('a push with no answer may be running: its claim is left to lapse', () => {
  let system: OneNodeSystem;
  beforeAll(async () => {
    system = await startOneNodeSystem(
      'bt-lapse',
      { id: 'only-node', capacity: 10 },
      { push: { timeout_ms: 300, backoff_initial_ms: 300, backoff_max_ms: 600 } }
    );
  });
  afterAll(() => system.stop());

  const pushes = (outcome: string) => pushCount(system.dispatcher, outcome);
  const released = () => releasedCount(system.dispatcher);
  const noneBackedOff = () => noNodeBackedOff(system.dispatcher);

  it.each<[TestNodeMode, string]>([
    ['error', 'error'],
    ['hang', 'timeout'],
  ])(
    'node answering %s: the node may run it, so the claim is left to lapse',
    async (mode, outcome) => {
      system.node.mode = mode;
      await noneBackedOff();
      const id = `lapse-${mode}`;
      const [pushedBefore, releasedBefore] = [await pushes(outcome), await released()];
      await scheduleTasks(system.es, system.indices.tasks, [{ id }]);
      await waitFor(async () => (await pushes(outcome)) > pushedBefore, {
        description: `a push answered ${outcome}`,
      });
      // Past the push timeout and the node's back-off (300-600 ms): a release would have come.
      const heldUntil = Date.now() + 2000;
      await waitFor(() => Date.now() > heldUntil, { timeoutMs: 5000, intervalMs: 100 });
      const doc = await system.es.get<{ task: { status: string; ownerId: string } }>({
        index: system.indices.tasks,
        id: `task:${id}`,
      });
      expect(doc._source?.task).toMatchObject({ status: 'running', ownerId: 'kibana:only-node' });
      expect(await released()).toBe(releasedBefore);
    }
  );

  it('a 202 that comes after the push timeout: nothing is released, the task runs once', async () => {
    system.node.mode = 'accept';
    system.node.answerDelayMs = 600; // the push timeout is 300 ms
    try {
      await noneBackedOff();
      const [timedOutBefore, releasedBefore] = [await pushes('timeout'), await released()];
      await scheduleTasks(system.es, system.indices.tasks, [{ id: 'late-answer' }]);
      await waitFor(async () => (await pushes('timeout')) > timedOutBefore, {
        description: 'the push to time out',
      });
      await waitFor(
        async () =>
          !(await system.es.exists({ index: system.indices.tasks, id: 'task:late-answer' })),
        { description: 'the task to finish' }
      );
      const runs = system.node.executions.filter((e) => e.id === 'late-answer');
      expect(runs.map((e) => e.node)).toEqual(['only-node']);
      expect(await released()).toBe(releasedBefore);
    } finally {
      system.node.answerDelayMs = 0;
      system.node.mode = 'busy';
    }
  });
});
