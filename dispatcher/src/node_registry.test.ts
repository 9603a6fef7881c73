import type { NodeDocument } from '../../common/push/push_protocol';
import { heartbeatIntervalOf } from './node_registry';

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
