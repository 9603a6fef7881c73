import { configSchema } from '../config';
import { computeHealthStatus, healthFindings, type HealthFacts } from './health_status';

const config = configSchema.validate({}).health;
const NOW = Date.parse('2026-01-01T00:10:00.000Z');
const noRuns = { window_ms: 300_000, completed: 0, failed: 0, per_minute: 0, failure_ratio: null };

/** A healthy push cluster: one live node, a valid lease, nothing due, no runs. */
function facts(overrides: Partial<HealthFacts> = {}): HealthFacts {
  return {
    last_update: new Date(NOW).toISOString(),
    push: true,
    nodes: { live: 1, capacity: 20, load: 0, list: [] },
    leader: { holder: 'd-1', term: 3, expires_at: '2026-01-01T00:10:02.000Z', valid: true },
    due: { count: 0, drift_ms: 0 },
    runs: noRuns,
    task_types: {},
    ...overrides,
  };
}

const dueType = (drift_ms: number) => ({
  total: 1,
  running: 0,
  failed: 0,
  retrying: 0,
  due: { count: 1, drift_ms },
  runs: noRuns,
});

describe('the health status rules', () => {
  it('is OK, with no reason, when nothing fires', () => {
    expect(computeHealthStatus(facts(), config)).toEqual({ status: 'OK' });
  });

  it('warns at drift_warn_ms and errs at drift_error_ms, naming drift and the latest type', () => {
    const at = (drift_ms: number) =>
      computeHealthStatus(
        facts({
          due: { count: 3, drift_ms },
          task_types: { 'a:fast': dueType(1000), 'b:late': dueType(drift_ms) },
        }),
        config
      );
    expect(at(config.drift_warn_ms - 1)).toEqual({ status: 'OK' });
    expect(at(config.drift_warn_ms)).toEqual({
      status: 'warn',
      reason: 'drift: 3 due task(s) not started, the oldest (b:late) 60s late (warn at 60s)',
    });
    expect(at(config.drift_error_ms)).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/^drift: .*\(b:late\) 300s late \(error at 300s\)$/),
    });
  });

  it('errs without a live node or a leader in push mode, and ignores both in pull mode', () => {
    const lonely = facts({ nodes: { live: 0, capacity: 0, load: 0, list: [] }, leader: null });
    expect(computeHealthStatus(lonely, config)).toEqual({
      status: 'error',
      reason:
        'no live node: no Kibana node heartbeats; no dispatcher leader: no lease was ever written',
    });
    expect(computeHealthStatus({ ...lonely, push: false }, config)).toEqual({ status: 'OK' });
  });

  it('errs on an expired lease, naming its holder and term', () => {
    const leader = { holder: 'd-1', term: 4, expires_at: '2026-01-01T00:09:00.000Z', valid: false };
    expect(computeHealthStatus(facts({ leader }), config)).toEqual({
      status: 'error',
      reason:
        'no dispatcher leader: the lease of [d-1] (term 4) expired at 2026-01-01T00:09:00.000Z',
    });
  });

  it('judges a failure ratio only past failure_min_runs, warn then error', () => {
    const failing = (completed: number, failed: number) =>
      computeHealthStatus(
        facts({
          task_types: {
            'c:flaky': {
              ...dueType(0),
              due: { count: 0, drift_ms: 0 },
              runs: {
                ...noRuns,
                completed,
                failed,
                failure_ratio: failed / (completed + failed),
              },
            },
          },
        }),
        config
      );
    expect(failing(0, 4)).toEqual({ status: 'OK' });
    expect(failing(3, 7)).toEqual({ status: 'OK' });
    expect(failing(2, 8)).toEqual({
      status: 'warn',
      reason: 'failures: [c:flaky] failed 8 of 10 runs in the last 5 min',
    });
    expect(failing(1, 9).status).toBe('error');
  });

  it('lists errors before warnings, and takes the worst status', () => {
    const findings = healthFindings(
      facts({
        leader: null,
        due: { count: 1, drift_ms: config.drift_warn_ms },
        task_types: { t: dueType(config.drift_warn_ms) },
      }),
      config
    );
    expect(findings.map((f) => f.status)).toEqual(['error', 'warn']);
    expect(findings[1].reason).toMatch(/^drift: /);
  });
});
