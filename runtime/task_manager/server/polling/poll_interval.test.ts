import {
  ADJUST_THROUGHPUT_INTERVAL,
  LOW_UTILIZATION_POLL_INTERVAL,
  PollInterval,
} from './poll_interval';

describe('PollInterval (Kibana mget defaults: 500 ms, 30 samples, one per 10 s)', () => {
  it('keeps the configured interval until the first 10 s tick, then idles at 3 s', () => {
    const interval = new PollInterval(500, 0);
    expect(interval.get(ADJUST_THROUGHPUT_INTERVAL - 1)).toBe(500);
    expect(interval.get(ADJUST_THROUGHPUT_INTERVAL)).toBe(LOW_UTILIZATION_POLL_INTERVAL);
  });

  it('averages the samples of the last 30 ticks, not the last 15 s', () => {
    const interval = new PollInterval(500, 0);
    // 29 idle ticks, then a full node: 1 of 30 samples at 100 averages 3%, still idle polling
    interval.record(0, 0);
    expect(interval.get(29 * ADJUST_THROUGHPUT_INTERVAL)).toBe(LOW_UTILIZATION_POLL_INTERVAL);
    interval.record(100, 29 * ADJUST_THROUGHPUT_INTERVAL + 1);
    expect(interval.get(30 * ADJUST_THROUGHPUT_INTERVAL)).toBe(LOW_UTILIZATION_POLL_INTERVAL);
    // 8 of 30 samples at 100 average 26.7%: back to the configured interval
    expect(interval.get(37 * ADJUST_THROUGHPUT_INTERVAL)).toBe(500);
    expect(interval.averageUtilization()).toBeCloseTo((8 * 100) / 30);
  });

  it('gives each tick the utilization recorded before it', () => {
    const interval = new PollInterval(500, 0);
    interval.record(100, 1);
    interval.record(0, ADJUST_THROUGHPUT_INTERVAL + 1);
    expect(interval.get(ADJUST_THROUGHPUT_INTERVAL + 2)).toBe(500);
    expect(interval.averageUtilization()).toBe(100);
  });

  it('never changes an interval configured at 3 s or more', () => {
    const interval = new PollInterval(5000, 0);
    expect(interval.get(5 * ADJUST_THROUGHPUT_INTERVAL)).toBe(5000);
  });
});
