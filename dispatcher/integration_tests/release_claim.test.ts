import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import type { NodeDocument } from '../../common/push/push_protocol';
import { Dispatcher } from '../src/dispatcher';
import {
  createTestIndices,
  deleteTestIndices,
  scheduleTasks,
  testDispatcherConfig,
  type TestIndices,
} from './helpers/indices';
import { TestNode, type TestNodeMode } from './helpers/test_node';

jest.setTimeout(60_000);

describe('a push that fails is released and goes to another node', () => {
  let es: Client;
  let indices: TestIndices;
  let good: TestNode;
  let bad: TestNode;
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-release');
    // Equally loaded nodes take turns in id order, from 'a-bad'. Each case below places its task
    // twice (on the bad node, then on the good one after the release) and the late-202 case
    // once, so every case starts on the bad node.
    bad = new TestNode({ es, id: 'a-bad', indices, capacity: 10 });
    good = new TestNode({ es, id: 'b-good', indices, capacity: 10 });
    await Promise.all([bad.start(), good.start()]);
    dispatcher = new Dispatcher(
      testDispatcherConfig(getEsUrl(), indices, {
        push: { timeout_ms: 300, backoff_initial_ms: 300, backoff_max_ms: 600 },
      }),
      { defaultMetrics: false }
    );
    await dispatcher.start();
    await waitFor(() => dispatcher.isLeader(), { description: 'leadership' });
  });

  afterAll(async () => {
    await dispatcher.stop();
    await Promise.all([bad.stop(), good.stop()]);
    await deleteTestIndices(es, indices);
    await es.close();
  });

  const health = async () => (await fetch(dispatcher.url + '/health')).json();
  const pushes = async (outcome: string) =>
    (await dispatcher.metrics.pushes.get()).values.find((v) => v.labels.outcome === outcome)
      ?.value ?? 0;

  it.each<[TestNodeMode, string]>([
    ['busy', 'busy'],
    ['error', 'error'],
    ['hang', 'timeout'],
  ])('node answering %s', async (mode, outcome) => {
    bad.mode = mode;
    // The bad node must be a candidate again (its breaker closed) for the case to mean anything.
    await waitFor(
      async () =>
        !(await health()).nodes.some((n: { backed_off_until?: string }) => n.backed_off_until),
      {
        description: 'no node backed off',
      }
    );
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
    expect(
      (await dispatcher.metrics.releases.get()).values.find((v) => v.labels.result === 'released')
        ?.value
    ).toBeGreaterThan(0);
  });

  it('a 202 that comes after the push timeout: the release loses to the acceptance, the task runs once', async () => {
    bad.mode = 'accept';
    bad.answerDelayMs = 600; // the push timeout is 300 ms
    try {
      await waitFor(
        async () =>
          !(await health()).nodes.some((n: { backed_off_until?: string }) => n.backed_off_until),
        {
          description: 'no node backed off',
        }
      );
      const before = await pushes('timeout');
      await scheduleTasks(es, indices.tasks, [{ id: 'late-answer' }]);
      await waitFor(async () => (await pushes('timeout')) > before, {
        description: 'the push to time out',
      });
      await waitFor(
        async () =>
          (await dispatcher.metrics.releases.get()).values.some(
            (v) => v.labels.result === 'conflict'
          ),
        { description: 'the release to be fenced out' }
      );
      await waitFor(
        async () => !(await es.exists({ index: indices.tasks, id: 'task:late-answer' })),
        {
          description: 'the task to finish',
        }
      );
      const runs = [...bad.executions, ...good.executions].filter((e) => e.id === 'late-answer');
      expect(runs.map((e) => e.node)).toEqual(['a-bad']);
    } finally {
      bad.answerDelayMs = 0;
      bad.mode = 'busy';
    }
  });

  it('a node that cannot be reached: connection error, released, sent elsewhere', async () => {
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
      await waitFor(() => ids.every((id) => good.executions.some((e) => e.id === id)), {
        timeoutMs: 15_000,
        description: 'tasks on the good node',
      });
      expect(await pushes('connection_error')).toBeGreaterThan(0);
      const health = await (await fetch(dispatcher.url + '/health')).json();
      expect(health.nodes.find((n: { id: string }) => n.id === 'a-dead').backed_off_until).toEqual(
        expect.any(String)
      );
    } finally {
      clearInterval(beat);
    }
  });
});
