import { configSchema } from '../config';
import { buildHealthReport, type HealthResponses } from './build_health_report';
import { HEALTH_SEARCHES, healthMsearch, MAX_HEALTH_NODES } from './health_queries';

const config = configSchema.validate({}).health;
const NOW = Date.parse('2026-01-01T00:10:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const due = (doc_count: number, oldestAgo?: number) => ({
  doc_count,
  oldest: { value: oldestAgo === undefined ? null : NOW - oldestAgo },
});

const bucket = (key: string, doc_count: number) => ({ key, doc_count });
/** A filter aggregation split by type, as Elasticsearch answers it. */
const byType = (...counts: Array<[string, number]>) => ({
  doc_count: counts.reduce((sum, [, n]) => sum + n, 0),
  types: { buckets: counts.map(([key, n]) => bucket(key, n)) },
});

const node = (id: string, lastSeenAgo: number, heartbeat_interval_ms?: number) => ({
  id,
  push_url: `http://${id}:5601`,
  capacity: 20,
  task_types: { 'a:heavy': { timeout: '5m', max_attempts: 3, cost: 10 } },
  ...(heartbeat_interval_ms ? { heartbeat_interval_ms } : {}),
  last_seen: ago(lastSeenAgo),
});

function responses(): HealthResponses {
  return {
    nodes: {
      hits: {
        hits: [
          { _source: node('n-1', 1000) },
          // 3 × its 10 s interval have not passed: live
          { _source: node('n-2', 25_000, 10_000) },
          // 3 × the default 2 s interval have passed: gone
          { _source: node('n-3', 7000) },
        ],
      },
    },
    leader: {
      hits: {
        hits: [
          { _source: { holder: 'd-1', term: 7, expires_at: new Date(NOW + 2000).toISOString() } },
        ],
      },
    },
    tasks: {
      aggregations: {
        types: { buckets: [bucket('a:heavy', 10), bucket('b:light', 2)] },
        due: {
          ...due(5, 90_000),
          types: {
            buckets: [
              { key: 'a:heavy', ...due(4, 90_000) },
              { key: 'b:light', ...due(1, 5000) },
            ],
          },
        },
        running: {
          ...byType(['a:heavy', 3], ['b:light', 1]),
          owners: {
            buckets: [
              { key: 'kibana:n-1', ...byType(['a:heavy', 2], ['b:light', 1]) },
              // a node that is gone keeps its claims until they expire
              { key: 'kibana:n-3', ...byType(['a:heavy', 1]) },
            ],
          },
        },
        failed: byType(['a:heavy', 1]),
        retrying: byType(['a:heavy', 2]),
      },
    },
    tracking: {
      aggregations: {
        completed: byType(['b:light', 4], ['c:gone', 8]),
        failed: byType(['b:light', 1], ['c:gone', 2]),
      },
    },
  };
}

describe('buildHealthReport', () => {
  it('reads live nodes with their load, the leader, due with drift, and runs per type', () => {
    const report = buildHealthReport({
      responses: responses(),
      now: NOW,
      config,
      pushEnabled: false,
    });
    expect(report.nodes).toEqual({
      live: 2,
      capacity: 40,
      // n-1 runs two a:heavy at the cost it heartbeats (10) and one b:light at Normal (2)
      load: 22,
      list: [
        expect.objectContaining({ id: 'n-1', running: 3, load: 22 }),
        expect.objectContaining({ id: 'n-2', running: 0, load: 0 }),
      ],
    });
    expect(report.leader).toEqual({
      holder: 'd-1',
      term: 7,
      expires_at: '2026-01-01T00:10:02.000Z',
      valid: true,
    });
    expect(report.due).toEqual({
      count: 5,
      drift_ms: 90_000,
      oldest_run_at: '2026-01-01T00:08:30.000Z',
    });
    expect(report.runs).toEqual({
      window_ms: 300_000,
      completed: 12,
      failed: 3,
      per_minute: 3,
      failure_ratio: 0.2,
    });
    expect(report.task_types['a:heavy']).toMatchObject({
      total: 10,
      running: 3,
      failed: 1,
      retrying: 2,
      due: { count: 4, drift_ms: 90_000 },
      runs: { completed: 0, failed: 0, failure_ratio: null },
    });
    expect(report.task_types['b:light'].runs).toMatchObject({ completed: 4, failed: 1 });
    // only recent runs left of it: its one-shot task documents are gone
    expect(report.task_types['c:gone']).toMatchObject({ total: 0, runs: { completed: 8 } });
    expect(report).toMatchObject({
      push: true,
      status: 'warn',
      reason: expect.stringMatching(
        /^drift: 5 due task\(s\) not started, the oldest \(a:heavy\) 90s late/
      ),
      last_update: '2026-01-01T00:10:00.000Z',
    });
  });

  it('reads empty answers (missing indices) as a pull-mode cluster with nothing to do', () => {
    const empty = { hits: { hits: [] } };
    const report = buildHealthReport({
      responses: { nodes: empty, leader: empty, tasks: {}, tracking: {} },
      now: NOW,
      config,
      pushEnabled: false,
    });
    expect(report).toMatchObject({
      status: 'OK',
      push: false,
      leader: null,
      nodes: { live: 0 },
      due: { count: 0, drift_ms: 0 },
      task_types: {},
    });
    // ... but this node pushing, with no leader nor node, is an error
    const pushing = buildHealthReport({
      responses: { nodes: empty, leader: empty, tasks: {}, tracking: {} },
      now: NOW,
      config,
      pushEnabled: true,
    });
    expect(pushing.status).toBe('error');
  });
});

describe('healthMsearch', () => {
  const lines = healthMsearch({
    indices: { tasks: 't', tracking: 'tr', nodes: 'n', dispatcher: 'd' },
    now: NOW,
    windowMs: 60_000,
    missedHeartbeats: 3,
  }) as Array<Record<string, unknown>>;

  it('is one header and one bounded body per search, missing indices tolerated', () => {
    expect(lines).toHaveLength(HEALTH_SEARCHES.length * 2);
    const headers = lines.filter((_, i) => i % 2 === 0);
    const bodies = lines.filter((_, i) => i % 2 === 1);
    expect(headers.map((h) => h.index)).toEqual(['n', 'd', 't', 'tr']);
    expect(headers.every((h) => h.ignore_unavailable === true)).toBe(true);
    expect(bodies.map((b) => b.size)).toEqual([MAX_HEALTH_NODES, 1, 0, 0]);
  });

  it('counts as due the idle, enabled tasks whose runAt is now or earlier', () => {
    const filter = JSON.stringify(
      (lines[5] as { aggs: { due: { filter: unknown } } }).aggs.due.filter
    );
    expect(filter).toContain('"task.status":"idle"');
    expect(filter).toContain('"task.enabled":true');
    expect(filter).toContain(`"lte":"${new Date(NOW).toISOString()}"`);
  });
});
