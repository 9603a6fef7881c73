import type { NodeDocument } from '../../common/push/push_protocol';
import { ClusterLoad } from './cluster_load';
import { placeCandidates, type PlacementDeps } from './place_candidates';
import { StaleVersions } from './stale_versions';
import { TaskBackoff } from './task_backoff';
import type { TaskCandidate } from './task_fields';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

const deps: PlacementDeps = {
  nodes: { mayTakeOver: () => true } as unknown as PlacementDeps['nodes'],
  backoff: { isBackedOff: () => false } as unknown as PlacementDeps['backoff'],
  stale: new StaleVersions(),
  taskBackoff: new TaskBackoff({ initialMs: 100, maxMs: 1000 }),
  logger: { info: jest.fn() } as unknown as PlacementDeps['logger'],
};

function node(capacity: number): NodeDocument {
  return {
    id: 'node-1',
    push_url: 'http://node-1',
    capacity,
    task_types: {
      t: { timeout: '1m', max_attempts: 3, cost: 2 },
      u: { timeout: '1m', max_attempts: 3, cost: 2, max_node_concurrency: 1 },
    },
    last_seen: new Date(NOW).toISOString(),
  };
}

function candidate(id: string, taskType: string, expired = false): TaskCandidate {
  const at = new Date(NOW - 1000).toISOString();
  return {
    id,
    seqNo: 1,
    primaryTerm: 1,
    task: expired
      ? { taskType, status: 'running', runAt: at, retryAt: at, attempts: 1, ownerId: 'kibana:n' }
      : { taskType, status: 'idle', runAt: at, attempts: 0 },
  };
}

const place = (candidates: TaskCandidate[], live: NodeDocument[], load: ClusterLoad) =>
  placeCandidates(deps, candidates, live, load, { next: 0 }, NOW);

describe('placeCandidates', () => {
  it('places candidates in their order while the node has room, and leaves the rest in order', () => {
    const { requests, unplaced } = place(
      ['a', 'b', 'c', 'd'].map((id) => candidate(id, 't')),
      [node(4)],
      new ClusterLoad()
    );
    expect(requests.map((r) => r.candidate.id)).toEqual(['a', 'b']);
    expect(unplaced.map((c) => c.id)).toEqual(['c', 'd']);
  });

  it('counts the queue a node declares as room', () => {
    const { requests } = place(
      ['a', 'b', 'c'].map((id) => candidate(id, 't')),
      [{ ...node(2), queue_capacity: 2 }],
      new ClusterLoad()
    );
    expect(requests.map((r) => r.candidate.id)).toEqual(['a', 'b']);
  });

  it('gives the room of an expired claim to a later candidate of a type that was full', () => {
    // Full: x and y of type u (at most one on the node), z of type t.
    const load = new ClusterLoad();
    for (const [id, type] of [
      ['x', 'u'],
      ['y', 'u'],
      ['z', 't'],
    ]) {
      load.add(id, { nodeId: 'node-1', type, cost: 2 });
    }
    const { requests, unplaced } = place(
      [candidate('a', 't'), candidate('x', 'u', true), candidate('b', 't')],
      [node(6)],
      load
    );
    // x's claim expired: its room is free, but u is still at its limit (y), so b takes it.
    expect(requests.map((r) => r.candidate.id)).toEqual(['b']);
    expect(unplaced.map((c) => c.id)).toEqual(['a', 'x']);
  });
});
