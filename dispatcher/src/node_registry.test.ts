import type { Client } from '@elastic/elasticsearch';
import type { NodeDocument } from '../../common/push/push_protocol';
import type { Logger } from './logger';
import { heartbeatIntervalOf, NodeRegistry } from './node_registry';

const node = (heartbeat?: unknown) =>
  ({
    id: 'a',
    push_url: 'http://a',
    capacity: 10,
    task_types: {},
    last_seen: new Date().toISOString(),
    ...(heartbeat === undefined ? {} : { heartbeat_interval_ms: heartbeat }),
  }) as NodeDocument;

describe('heartbeatIntervalOf', () => {
  it("reads the node's own interval, the nodes' default when it declares none", () => {
    expect(heartbeatIntervalOf(node(200))).toBe(200);
    expect(heartbeatIntervalOf(node())).toBe(2000);
    expect(heartbeatIntervalOf(node('often'))).toBe(2000);
  });

  it('caps an interval beyond what a node may be configured with', () => {
    expect(heartbeatIntervalOf(node(3_600_000))).toBe(60_000);
  });
});

describe('NodeRegistry.mayTakeOver', () => {
  const logger = { info: () => undefined, warn: () => undefined } as unknown as Logger;
  function registry(nodes: () => NodeDocument[] | Error) {
    const es = {
      search: async () => {
        const answer = nodes();
        if (answer instanceof Error) throw answer;
        return { hits: { hits: answer.map((source) => ({ _source: source })) } };
      },
    } as unknown as Client;
    return new NodeRegistry(
      es,
      { index: 'nodes', missedHeartbeats: 3, refreshIntervalMs: 1000 },
      logger
    );
  }
  const at = (t0: number, node: Partial<NodeDocument> = {}) =>
    ({
      id: 'owner',
      push_url: 'http://owner',
      capacity: 10,
      task_types: {},
      heartbeat_interval_ms: 2000,
      last_seen: new Date(t0).toISOString(),
      ...node,
    }) as NodeDocument;

  it('never takes a claim its live owner vouches for; takes one it does not', async () => {
    const t0 = Date.now();
    const nodes = registry(() => [at(t0, { vouched_tasks: ['mine'] })]);
    await nodes.refresh(t0);
    expect(nodes.mayTakeOver('owner', 'mine', t0)).toBe(false);
    expect(nodes.mayTakeOver('owner', 'other', t0)).toBe(true);
  });

  it('takes an absent owner’s claim only after a whole heartbeat window of unbroken watching', async () => {
    const t0 = Date.now();
    let answer: NodeDocument[] | Error = [];
    const nodes = registry(() => answer);
    expect(nodes.mayTakeOver('gone', 'task', t0)).toBe(false); // never looked yet
    for (let t = t0; t <= t0 + 6000; t += 1000) await nodes.refresh(t);
    expect(nodes.mayTakeOver('gone', 'task', t0 + 5000)).toBe(false);
    expect(nodes.mayTakeOver('gone', 'task', t0 + 6000)).toBe(true);

    // an outage (a failed read) starts the window again
    answer = new Error('connection refused');
    await expect(nodes.refresh(t0 + 7000)).rejects.toThrow('connection refused');
    answer = [];
    await nodes.refresh(t0 + 30_000);
    expect(nodes.mayTakeOver('gone', 'task', t0 + 30_000)).toBe(false);
    // so does a gap in the reads (not leading)
    for (let t = t0 + 31_000; t <= t0 + 36_000; t += 1000) await nodes.refresh(t);
    expect(nodes.mayTakeOver('gone', 'task', t0 + 36_000)).toBe(true);
    await nodes.refresh(t0 + 60_000);
    expect(nodes.mayTakeOver('gone', 'task', t0 + 60_000)).toBe(false);
  });
});
