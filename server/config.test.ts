import { configSchema } from './config';

describe('configSchema', () => {
  it('has defaults', () => {
    expect(configSchema.validate({})).toEqual({
      stale_threshold_ms: 900_000,
      cancellation_check_interval_ms: 1000,
      max_conflict_retries: 20,
      push: {
        enabled: false,
        capacity: 20,
        queue_capacity: 20,
        heartbeat_interval_ms: 2000,
        shutdown_timeout_ms: 3000,
        notify_timeout_ms: 1000,
        leader_cache_ms: 5000,
      },
      retention: { completed: '30d', acknowledged: '7d', canceled: '7d', failed: '30d' },
      health: {
        drift_warn_ms: 60_000,
        drift_error_ms: 300_000,
        missed_heartbeats: 3,
        window_ms: 300_000,
        failure_ratio_warn: 0.8,
        failure_ratio_error: 0.9,
        failure_min_runs: 5,
      },
    });
  });

  it('refuses health thresholds whose error level comes before their warn level, naming the keys', () => {
    expect(() =>
      configSchema.validate({ health: { drift_warn_ms: 10_000, drift_error_ms: 5000 } })
    ).toThrow(/health\.drift_error_ms/);
    expect(() =>
      configSchema.validate({ health: { failure_ratio_warn: 0.9, failure_ratio_error: 0.5 } })
    ).toThrow(/health\.failure_ratio_error/);
    expect(() => configSchema.validate({ health: { failure_ratio_warn: 2 } })).toThrow(
      /health\.failure_ratio_warn/
    );
  });

  it('requires a push token of at least 16 characters when push is enabled, naming the key', () => {
    expect(() => configSchema.validate({ push: { enabled: true } })).toThrow(/push\.token/);
    expect(() => configSchema.validate({ push: { enabled: true, token: 'short' } })).toThrow(
      /\[push\.token\]/
    );
    expect(
      configSchema.validate({ push: { enabled: true, token: 'a-long-enough-token' } }).push.enabled
    ).toBe(true);
  });

  it('accepts a tracking index override', () => {
    expect(configSchema.validate({ tracking_index: 'test-index' }).tracking_index).toBe(
      'test-index'
    );
  });

  it('names the key of a bad setting', () => {
    expect(() => configSchema.validate({ cancellation_check_interval_ms: 0 })).toThrow(
      /cancellation_check_interval_ms/
    );
  });

  it('refuses a stale threshold not above the check interval', () => {
    expect(() =>
      configSchema.validate({ stale_threshold_ms: 500, cancellation_check_interval_ms: 1000 })
    ).toThrow(/stale_threshold_ms/);
  });
});
