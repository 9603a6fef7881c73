import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import { LEADER_LEASE_ID, type LeaderLeaseDocument } from '../../common/push/push_protocol';
import { DispatcherProcess, writeConfigFile } from '../../scripts/system/dispatcher_process';
import {
  createTestIndices,
  deleteTestIndices,
  scheduleTasks,
  type TestIndices,
} from './helpers/indices';
import { TestNode } from './helpers/test_node';
import { TEST_PUSH_TOKEN } from '../../test_helpers/system';

jest.setTimeout(120_000);

const LEASE_MS = 3000;

describe('leader election between dispatcher processes', () => {
  let es: Client;
  let indices: TestIndices;
  let nodes: TestNode[];
  const processes: DispatcherProcess[] = [];

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-leader');
    // A 5 s type timeout: tasks the killed leader claimed and never pushed wait for their
    // claim's retryAt, claim + 30 s (the first attempt's retry delay) + 5 s. The test waits 50 s
    // for every task: at 30 s it missed them whenever the kill fell between a claim and its push.
    const taskTypes = { 'test:work': { timeout: '5s', max_attempts: 3, cost: 1 } };
    nodes = ['node-a', 'node-b'].map(
      (id) => new TestNode({ es, id, indices, capacity: 20, runMs: 50, taskTypes })
    );
    await Promise.all(nodes.map((node) => node.start()));
  });

  afterAll(async () => {
    for (const p of processes) p.kill();
    await Promise.all(processes.map((p) => p.waitForExit()));
    await Promise.all(nodes.map((node) => node.stop()));
    await deleteTestIndices(es, indices);
    await es.close();
  });

  const start = () => {
    const file = writeConfigFile({
      elasticsearch: { hosts: [getEsUrl()], request_timeout_ms: 1000 },
      indices,
      poll: { interval_ms: 200, backlog_interval_ms: 20 },
      lease: { duration_ms: LEASE_MS, renew_interval_ms: 500, safety_margin_ms: 1000 },
      nodes: { refresh_interval_ms: 100 },
      http: { port: 0 },
      logging: { level: 'info' },
    });
    const p = new DispatcherProcess(file, { DISPATCHER_PUSH__TOKEN: TEST_PUSH_TOKEN });
    processes.push(p);
    return p;
  };

  const lease = async () =>
    (await es.get<LeaderLeaseDocument>({ index: indices.dispatcher, id: LEADER_LEASE_ID }))
      ._source!;
  const executions = () => nodes.flatMap((n) => n.executions);
  const claimsOf = async (p: DispatcherProcess) => {
    const text = await (await fetch((await p.url()) + '/metrics')).text();
    return Number(/^background_tasks_dispatcher_claims_total (\d+)/m.exec(text)?.[1] ?? 0);
  };

  it('one leads and claims, the other stands by; after a kill the standby takes over within twice the lease, no task runs twice', async () => {
    const [first, second] = [start(), start()];
    await Promise.all([first.url(), second.url()]);
    const leader = await waitFor(
      async () => {
        const states = await Promise.all([first.health(), second.health()]);
        const leaders = states.filter((s) => s.leader);
        return leaders.length === 1 ? (states[0].leader ? first : second) : undefined;
      },
      { description: 'exactly one leader' }
    );
    const standby = leader === first ? second : first;
    const termBefore = (await lease()).term;
    expect((await lease()).url).toBe(await leader.url());

    // Tasks flow before, during and after the takeover.
    const ids: string[] = [];
    let stopScheduling = false;
    const scheduling = (async () => {
      for (let i = 0; !stopScheduling; i++) {
        const batch = Array.from({ length: 5 }, (_, j) => `lead-${i}-${j}`);
        ids.push(...batch);
        await scheduleTasks(
          es,
          indices.tasks,
          batch.map((id) => ({ id })),
          false
        );
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    try {
      await takeOver();
    } finally {
      stopScheduling = true;
      await scheduling;
    }
    await waitFor(() => ids.every((id) => executions().some((e) => e.id === id)), {
      timeoutMs: 50_000,
      description: 'every task to run',
    });

    const counts = new Map<string, number>();
    for (const { id } of executions()) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(await claimsOf(standby)).toBeGreaterThan(0);

    async function takeOver() {
      await waitFor(() => executions().length >= 20, {
        description: 'tasks to run under the first leader',
      });
      expect(await claimsOf(standby)).toBe(0);

      leader.kill('SIGKILL');
      const killedAt = Date.now();
      await leader.waitForExit();
      await waitFor(async () => (await standby.health()).leader, {
        timeoutMs: 2 * LEASE_MS + 2000,
        intervalMs: 20,
        description: 'takeover',
      });
      const takeoverMs = Date.now() - killedAt;
      console.log(`takeover after ${takeoverMs} ms (lease ${LEASE_MS} ms)`);
      expect(takeoverMs).toBeLessThan(2 * LEASE_MS);
      expect((await lease()).term).toBe(termBefore + 1);
      expect((await lease()).holder).not.toBe(undefined);

      const countAfterTakeover = executions().length;
      await waitFor(() => executions().length >= countAfterTakeover + 20, {
        timeoutMs: 20_000,
        description: 'tasks to run under the new leader',
      });
    }
  });

  it('a clean stop (SIGTERM) gives the lease up so a standby takes over at once', async () => {
    const current = processes.find((p) => p.exitCode === undefined)!;
    const other = start();
    await other.url();
    await waitFor(async () => (await current.health()).leader, {
      description: 'the survivor to lead',
    });
    const term = (await lease()).term;
    current.kill('SIGTERM');
    const stoppedAt = Date.now();
    expect(await current.waitForExit()).toBe(0);
    expect(current.logs.some((l) => l.message === 'Gave up the leader lease')).toBe(true);
    await waitFor(async () => (await other.health()).leader, {
      timeoutMs: LEASE_MS,
      intervalMs: 20,
      description: 'takeover',
    });
    expect(Date.now() - stoppedAt).toBeLessThan(LEASE_MS);
    expect((await lease()).term).toBe(term + 1);
    // The token never reaches the logs.
    expect(JSON.stringify([...current.logs, ...other.logs])).not.toContain(TEST_PUSH_TOKEN);
  });
});
