import type { NodeDocument, NodeTaskType } from '../../common/push/push_protocol';
import { chooseNode, maxClusterConcurrency } from './choose_node';
import { ClusterLoad } from './cluster_load';

const node = (
  id: string,
  capacity: number,
  types: Record<string, Partial<NodeTaskType>>
): NodeDocument => ({
  id,
  push_url: `http://${id}`,
  capacity,
  last_seen: new Date().toISOString(),
  task_types: Object.fromEntries(
    Object.entries(types).map(([type, t]) => [
      type,
      { timeout: '5m', max_attempts: 3, cost: 1, ...t },
    ])
  ),
});

describe('chooseNode', () => {
  it('picks the least loaded node relative to its capacity', () => {
    const nodes = [node('a', 10, { t: {} }), node('b', 20, { t: {} })];
    const load = new ClusterLoad();
    load.add('1', { nodeId: 'a', type: 't', cost: 4 }); // 40 %
    load.add('2', { nodeId: 'b', type: 't', cost: 6 }); // 30 %
    expect(chooseNode('t', nodes, load)?.node.id).toBe('b');
  });

  it('spreads an empty cluster over all nodes', () => {
    const nodes = [node('a', 4, { t: {} }), node('b', 4, { t: {} })];
    const load = new ClusterLoad();
    const chosen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const choice = chooseNode('t', nodes, load)!;
      load.add(String(i), { nodeId: choice.node.id, type: 't', cost: choice.cost });
      chosen.push(choice.node.id);
    }
    expect(chosen.sort()).toEqual(['a', 'a', 'b', 'b']);
  });

  it('needs free capacity for the whole cost of the task', () => {
    const nodes = [node('a', 10, { big: { cost: 10 }, small: { cost: 1 } })];
    const load = new ClusterLoad();
    load.add('1', { nodeId: 'a', type: 'small', cost: 1 });
    expect(chooseNode('big', nodes, load)).toBeUndefined();
    expect(chooseNode('small', nodes, load)).toEqual({ node: nodes[0], cost: 1 });
  });

  it('fills a node exactly to its capacity, never over it', () => {
    const nodes = [node('a', 3, { t: { cost: 1 } })];
    const load = new ClusterLoad();
    for (let i = 0; i < 3; i++)
      load.add(String(i), { nodeId: 'a', type: 't', cost: chooseNode('t', nodes, load)!.cost });
    expect(load.nodeCost('a')).toBe(3);
    expect(chooseNode('t', nodes, load)).toBeUndefined();
  });

  it('only considers nodes that run the type', () => {
    const nodes = [node('a', 10, { other: {} }), node('b', 10, { t: {} })];
    expect(chooseNode('t', nodes, new ClusterLoad())?.node.id).toBe('b');
    expect(chooseNode('unknown', nodes, new ClusterLoad())).toBeUndefined();
  });

  it('respects the max concurrency of a type across the cluster', () => {
    const nodes = [node('a', 10, { t: { max_cluster_concurrency: 2 } }), node('b', 10, { t: {} })];
    expect(maxClusterConcurrency('t', nodes)).toBe(2);
    const load = new ClusterLoad();
    load.add('1', { nodeId: 'a', type: 't', cost: 1 });
    expect(chooseNode('t', nodes, load)?.node.id).toBe('b');
    load.add('2', { nodeId: 'b', type: 't', cost: 1 });
    expect(chooseNode('t', nodes, load)).toBeUndefined();
  });

  it('respects the max concurrency of a type on each node', () => {
    const nodes = [node('a', 10, { t: { max_node_concurrency: 1 } }), node('b', 10, { t: {} })];
    const load = new ClusterLoad();
    load.add('1', { nodeId: 'a', type: 't', cost: 1 });
    load.add('2', { nodeId: 'b', type: 't', cost: 1 });
    load.add('3', { nodeId: 'b', type: 't', cost: 1 });
    // a is less loaded, but already runs its one task of the type
    expect(chooseNode('t', nodes, load)?.node.id).toBe('b');
    expect(chooseNode('t', [nodes[0]], load)).toBeUndefined();
  });

  it('skips backed-off nodes', () => {
    const nodes = [node('a', 10, { t: {} }), node('b', 10, { t: {} })];
    expect(chooseNode('t', nodes, new ClusterLoad(), (id) => id === 'a')?.node.id).toBe('b');
    expect(chooseNode('t', nodes, new ClusterLoad(), () => true)).toBeUndefined();
  });

  it('skips nodes that refused the task while another node can take it', () => {
    const nodes = [node('a', 10, { t: {} }), node('b', 10, { t: {} }), node('c', 10, { t: {} })];
    const load = new ClusterLoad();
    load.add('1', { nodeId: 'b', type: 't', cost: 5 });
    load.add('2', { nodeId: 'c', type: 't', cost: 1 });
    // a is the least loaded, but refused the task (an earlier run of it still runs there)
    expect(chooseNode('t', nodes, load, undefined, 0, new Set(['a']))?.node.id).toBe('c');
    expect(chooseNode('t', nodes, load, undefined, 0, new Set(['a', 'c']))?.node.id).toBe('b');
    // c is backed off: b, though more loaded, rather than a
    expect(chooseNode('t', nodes, load, (id) => id === 'c', 0, new Set(['a']))?.node.id).toBe('b');
  });

  it('chooses a node that refused the task only when no other node can take it', () => {
    const nodes = [node('a', 10, { t: {} }), node('b', 1, { t: {} }), node('c', 10, { other: {} })];
    const load = new ClusterLoad();
    load.add('1', { nodeId: 'a', type: 't', cost: 1 });
    // every node that runs the type refused it: the least loaded of them
    expect(chooseNode('t', nodes, load, undefined, 0, new Set(['a', 'b']))?.node.id).toBe('b');
    // the only other node is full
    load.add('2', { nodeId: 'b', type: 't', cost: 1 });
    expect(chooseNode('t', nodes, load, undefined, 0, new Set(['a']))?.node.id).toBe('a');
    // the refusing node is backed off: none
    expect(chooseNode('t', nodes, load, (id) => id === 'a', 0, new Set(['a']))).toBeUndefined();
  });

  it('uses the Normal cost when a node does not declare one', () => {
    const nodes = [node('a', 10, { t: { cost: undefined } })];
    expect(chooseNode('t', nodes, new ClusterLoad())?.cost).toBe(2);
  });
});

describe('chooseNode among equally loaded nodes', () => {
  it('rotates with the turn, so an idle cluster spreads its tasks', () => {
    const nodes = [node('b', 10, { t: {} }), node('a', 10, { t: {} })];
    const picks = [0, 1, 2, 3].map(
      (turn) => chooseNode('t', nodes, new ClusterLoad(), undefined, turn)?.node.id
    );
    expect(picks).toEqual(['a', 'b', 'a', 'b']);
  });

  it('still prefers the less loaded node whatever the turn', () => {
    const nodes = [node('a', 10, { t: {} }), node('b', 10, { t: {} })];
    const load = new ClusterLoad();
    load.add('1', { nodeId: 'a', type: 't', cost: 1 });
    expect(chooseNode('t', nodes, load, undefined, 0)?.node.id).toBe('b');
    expect(chooseNode('t', nodes, load, undefined, 1)?.node.id).toBe('b');
  });
});
