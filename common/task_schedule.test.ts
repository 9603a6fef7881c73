import {
  calculateDelayBasedOnAttempts,
  getFirstRunAt,
  getNextRunAt,
  getRetryAt,
  isInterval,
  isStorableDate,
  parseIntervalAsMillisecond,
  scheduleError,
  type TaskSchedule,
} from './task_schedule';

const at = (iso: string) => new Date(iso);

describe('intervals', () => {
  it('parses s, m, h and d and refuses anything else', () => {
    expect(parseIntervalAsMillisecond('10s')).toBe(10_000);
    expect(parseIntervalAsMillisecond('5m')).toBe(300_000);
    expect(parseIntervalAsMillisecond('1h')).toBe(3_600_000);
    expect(parseIntervalAsMillisecond('1d')).toBe(86_400_000);
    for (const bad of ['0s', '1.5m', '5', 'm', '-1m', '10ms', '5w']) {
      expect(isInterval(bad)).toBe(false);
      expect(() => parseIntervalAsMillisecond(bad)).toThrow(/Invalid interval/);
    }
  });
});

describe('getNextRunAt', () => {
  const runAt = at('2025-01-01T00:00:00.000Z');
  const now = at('2025-01-01T00:00:01.000Z');

  it('counts from the previous runAt when the run started on time: no drift', () => {
    const startedAt = at('2025-01-01T00:00:00.300Z');
    expect(getNextRunAt({ runAt, startedAt, schedule: { interval: '10s' } }, 500, now)).toEqual(
      at('2025-01-01T00:00:10.000Z')
    );
  });

  it('counts from startedAt when the run started a poll interval late', () => {
    const startedAt = at('2025-01-01T00:00:00.700Z');
    expect(getNextRunAt({ runAt, startedAt, schedule: { interval: '10s' } }, 500, now)).toEqual(
      at('2025-01-01T00:00:10.700Z')
    );
  });

  it('never answers a time in the past', () => {
    const late = at('2025-01-01T00:01:00.000Z');
    expect(
      getNextRunAt({ runAt, startedAt: runAt, schedule: { interval: '10s' } }, 500, late)
    ).toEqual(late);
  });

  it('follows an rrule from the run', () => {
    const next = getNextRunAt(
      {
        runAt,
        startedAt: runAt,
        schedule: { rrule: { freq: 4, interval: 1, tzid: 'UTC', byminute: [30] } },
      },
      500,
      now
    );
    expect(next).toEqual(at('2025-01-01T00:30:00.000Z'));
  });
});

describe('retries', () => {
  it('waits 30 s after the first failure, then up to 5 min × 2^(n−2), capped at 1 h', () => {
    expect(calculateDelayBasedOnAttempts(1)).toBe(30_000);
    expect(calculateDelayBasedOnAttempts(2, () => 0.999999999)).toBe(300_000);
    expect(calculateDelayBasedOnAttempts(3, () => 0.999999999)).toBe(600_000);
    expect(calculateDelayBasedOnAttempts(10, () => 0.999999999)).toBe(3_600_000);
    expect(calculateDelayBasedOnAttempts(3, () => 0)).toBe(0);
  });

  it('claims a recurring task for max(interval, timeout), a one-shot one for delay + timeout', () => {
    const now = at('2025-01-01T00:00:00.000Z');
    expect(
      getRetryAt({ schedule: { interval: '1m' }, attempts: 0 }, { timeout: '5m' }, now)
    ).toEqual(at('2025-01-01T00:05:00.000Z'));
    expect(getRetryAt({ attempts: 0 }, { timeout: '1m' }, now)).toEqual(
      at('2025-01-01T00:01:30.000Z')
    );
    // timeouts over 5 minutes count as 5 minutes
    expect(getRetryAt({ attempts: 0 }, { timeout: '1h' }, now)).toEqual(
      at('2025-01-01T00:05:30.000Z')
    );
    expect(getRetryAt({ attempts: 0, timeoutOverride: '2m' }, undefined, now)).toEqual(
      at('2025-01-01T00:02:30.000Z')
    );
  });
});

describe('getFirstRunAt', () => {
  const now = at('2025-01-01T00:10:00.000Z');
  it('uses runAt, else now, else the first fixed time of an rrule', () => {
    expect(getFirstRunAt({ runAt: at('2030-01-01T00:00:00Z') }, now)).toEqual(
      at('2030-01-01T00:00:00Z')
    );
    expect(getFirstRunAt({ schedule: { interval: '1m' } }, now)).toEqual(now);
    expect(
      getFirstRunAt({ schedule: { rrule: { freq: 3, interval: 1, tzid: 'UTC' } } }, now)
    ).toEqual(now);
    expect(
      getFirstRunAt(
        { schedule: { rrule: { freq: 3, interval: 1, tzid: 'UTC', byhour: [6], byminute: [0] } } },
        now
      )
    ).toEqual(at('2025-01-01T06:00:00.000Z'));
  });

  it('names fixed times on the whole minute and on the wall clock of the rrule’s tzid', () => {
    const rrule = {
      freq: 3 as const,
      interval: 1,
      tzid: 'America/New_York',
      byhour: [1, 2, 3],
      byminute: [15],
    };
    let runAt = getFirstRunAt({ schedule: { rrule } }, at('2026-03-07T05:00:17.123Z'));
    const runs = [runAt];
    for (let i = 0; i < 4; i++) {
      runAt = getNextRunAt({ runAt, startedAt: runAt, schedule: { rrule } }, 0, runAt);
      runs.push(runAt);
    }
    // 01:15, 02:15 and 03:15 EST, then 01:15 EST and 03:15 EDT (02:15 does not exist: 03:15)
    expect(runs.map((run) => run.toISOString())).toEqual([
      '2026-03-07T06:15:00.000Z',
      '2026-03-07T07:15:00.000Z',
      '2026-03-07T08:15:00.000Z',
      '2026-03-08T06:15:00.000Z',
      '2026-03-08T07:15:00.000Z',
    ]);
  });
});

describe('scheduleError', () => {
  const now = new Date('2025-01-01T00:00:00.000Z');
  it.each<[string, TaskSchedule, RegExp | undefined]>([
    ['an interval', { interval: '5m' }, undefined],
    [
      'an rrule in a time zone',
      { rrule: { freq: 3, interval: 1, tzid: 'Europe/Paris', byhour: [6] } as never },
      undefined,
    ],
    ['an interval past year 9999', { interval: '99999999999999999999d' }, /before year 10000/],
    ['an interval that is none', { interval: '5 minutes' }, /Invalid interval/],
    [
      'an rrule interval past year 9999',
      { rrule: { freq: 3, interval: 1e12, tzid: 'UTC' } },
      /next run/,
    ],
    [
      'a fractional rrule interval',
      { rrule: { freq: 3, interval: 1.5, tzid: 'UTC' } },
      /positive integer/,
    ],
    [
      'a weekday that is none',
      { rrule: { freq: 3, interval: 1, tzid: 'UTC', byweekday: ['XX'] } as never },
      /byweekday/,
    ],
    ['a time zone that is none', { rrule: { freq: 3, interval: 1, tzid: 'Not/AZone' } }, /tzid/],
    [
      'an hourly rrule with byhour',
      { rrule: { freq: 4, interval: 24, tzid: 'UTC', byhour: [3] } as never },
      /byhour/,
    ],
    [
      'an hourly rrule with byweekday',
      { rrule: { freq: 4, interval: 168, tzid: 'UTC', byweekday: ['MO'] } as never },
      /byweekday/,
    ],
    [
      'a minutely rrule (not one of Kibana’s)',
      { rrule: { freq: 5, interval: 1, tzid: 'UTC' } as never },
      /freq/,
    ],
    [
      'a daily rrule with bymonthday',
      { rrule: { freq: 3, interval: 1, tzid: 'UTC', bymonthday: [31] } as never },
      /bymonthday/,
    ],
    [
      'a monthly rrule with bymonthday',
      { rrule: { freq: 1, interval: 1, tzid: 'UTC', bymonthday: [31], byhour: [2] } },
      undefined,
    ],
    [
      'a daily rrule with byweekday every 7 days',
      { rrule: { freq: 3, interval: 7, tzid: 'UTC', byweekday: ['MO'] } as never },
      /multiple of 7/,
    ],
  ])('%s', (_title, schedule, expected) => {
    const error = scheduleError(schedule, now);
    if (expected) expect(error).toMatch(expected);
    else expect(error).toBeUndefined();
  });

  it.each([
    ['9999-12-31T23:59:59.999Z', true],
    ['+010000-01-01T00:00:00Z', false],
    ['-000001-01-01T00:00:00Z', false],
    ['0000-01-01T00:00:00Z', true],
    ['not a date', false],
  ])('%s is storable: %s', (date, expected) => {
    expect(isStorableDate(new Date(date))).toBe(expected);
  });
});
