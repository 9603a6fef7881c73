import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import { Dispatcher } from '../src/dispatcher';
import { createLogger } from '../src/logger';
import {
  createTestIndices,
  deleteTestIndices,
  scheduleTasks,
  testDispatcherConfig,
  type TestIndices,
} from './helpers/indices';
import { TcpProxy } from './helpers/tcp_proxy';
import { TestNode } from './helpers/test_node';

jest.setTimeout(90_000);

describe('Elasticsearch errors do not stop the dispatcher', () => {
  let es: Client;
  let indices: TestIndices;
  let node: TestNode;
  let proxy: TcpProxy;
  let dispatcher: Dispatcher;
  const logs: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-es-errors');
    node = new TestNode({ es, id: 'steady', indices, runMs: 10 });
    await node.start();
    const target = new URL(getEsUrl());
    proxy = new TcpProxy(await TcpProxy.freePort(), {
      host: target.hostname,
      port: Number(target.port),
    });
    dispatcher = new Dispatcher(
      testDispatcherConfig(`http://127.0.0.1:${proxy.port}`, indices, {
        elasticsearch: { request_timeout_ms: 1000 },
      }),
      {
        defaultMetrics: false,
        logger: createLogger('debug', (line) => logs.push(JSON.parse(line))),
      }
    );
  });

  afterAll(async () => {
    await dispatcher.stop();
    await proxy.down();
    await node.stop();
    await deleteTestIndices(es, indices);
    await es.close();
  });

  const ran = (ids: string[]) => ids.every((id) => node.executions.some((e) => e.id === id));

  it('starts while Elasticsearch is unreachable, logs it, and dispatches once it is back', async () => {
    await dispatcher.start(); // nothing listens on the proxy port yet
    await waitFor(() => logs.filter((l) => l.message === 'Leader lease check failed').length >= 2, {
      description: 'failed lease checks to be logged',
    });
    const health = await fetch(dispatcher.url + '/health');
    expect(health.status).toBe(503);
    expect((await health.json()).elasticsearch.reachable).toBe(false);
    // Not leading, it runs no dispatch cycle: the failed lease checks are what it counts.
    const metrics = await (await fetch(dispatcher.url + '/metrics')).text();
    const errors = /^background_tasks_dispatcher_elasticsearch_errors_total (\d+)/m.exec(metrics);
    expect(Number(errors?.[1])).toBeGreaterThanOrEqual(2);

    const ids = ['before-1', 'before-2'];
    await scheduleTasks(
      es,
      indices.tasks,
      ids.map((id) => ({ id }))
    );
    await proxy.up();
    await waitFor(() => ran(ids), {
      timeoutMs: 20_000,
      description: 'the tasks once Elasticsearch is back',
    });
  });

  it('survives an outage while leading, and every task scheduled before it completes', async () => {
    await waitFor(() => dispatcher.isLeader(), { description: 'leadership' });
    const ids = Array.from({ length: 10 }, (_, i) => `outage-${i}`);
    await proxy.down();
    await scheduleTasks(
      es,
      indices.tasks,
      ids.map((id) => ({ id }))
    );
    await waitFor(
      () =>
        logs.some(
          (l) =>
            l.message?.toString().startsWith('Dispatch cycle failed') && l['log.level'] === 'error'
        ),
      {
        description: 'the outage to be logged',
      }
    );
    await waitFor(() => !dispatcher.isLeader(), {
      timeoutMs: 5000,
      description: 'the leader to stop claiming without its lease',
    });
    await proxy.up();
    await waitFor(() => ran(ids), { timeoutMs: 30_000, description: 'the tasks after the outage' });
    expect(
      logs.some((l) => l.message === 'Elasticsearch reachable again: dispatching resumed')
    ).toBe(true);
    expect(dispatcher.isLeader()).toBe(true);
  });

  it('with several Elasticsearch hosts, goes on through another when one is unreachable', async () => {
    const second = new Dispatcher(
      {
        ...testDispatcherConfig(`http://127.0.0.1:${proxy.port}`, indices),
        // the proxy down: the first host refuses connections, the second is Elasticsearch
        elasticsearch: {
          hosts: [`http://127.0.0.1:${proxy.port}`, getEsUrl()],
          request_timeout_ms: 1000,
        },
      },
      { defaultMetrics: false }
    );
    await dispatcher.stop();
    await proxy.down();
    try {
      await second.start();
      await waitFor(() => second.isLeader(), {
        timeoutMs: 15_000,
        description: 'leadership through the second host',
      });
      const ids = ['two-hosts-1', 'two-hosts-2'];
      await scheduleTasks(
        es,
        indices.tasks,
        ids.map((id) => ({ id }))
      );
      await waitFor(() => ran(ids), { timeoutMs: 20_000, description: 'the tasks' });
    } finally {
      await second.stop();
    }
  });
});
