import { Cron } from 'croner';
import fc from 'fast-check';
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { cronToSchedule } from './cron_schedule';
import { finishWrite } from './task_lifecycle/finish';
import { getFirstRunAt, getNextRunAt, scheduleError, type TaskSchedule } from './task_schedule';

const scheduleOf = (cron: string, tz?: string): TaskSchedule => {
  const converted = cronToSchedule({ cron, tz });
  if ('error' in converted) throw new Error(converted.error);
  return converted.schedule;
};

/** The first `n` runs as the kernel computes them: scheduled from `from`, each run on time. */
function kernelRuns(schedule: TaskSchedule, from: Date, n: number): string[] {
  let runAt = getFirstRunAt({ schedule }, from);
  const runs = [runAt];
  while (runs.length < n) {
    runAt = getNextRunAt({ runAt, startedAt: runAt, schedule }, 0, runAt);
    runs.push(runAt);
  }
  return runs.map((run) => run.toISOString());
}

/** The first `n` runs after `from` as croner computes them. */
const cronerRuns = (cron: string, tz: string, from: Date, n: number) =>
  new Cron(cron, { timezone: tz, mode: '5-part' })
    .nextRuns(n, from)
    .map((run) => run.toISOString());

const wallClock = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleTimeString('en-GB', { timeZone, hour12: false });

describe('cronToSchedule', () => {
  it.each([
    ['* * * * *', { freq: 4, byminute: Array.from({ length: 60 }, (_, m) => m) }],
    ['@hourly', { freq: 4, byminute: [0] }],
    ['7,37 * * * *', { freq: 4, byminute: [7, 37] }],
    ['@daily', { freq: 3, byhour: [0], byminute: [0] }],
    ['*/25 */7 * * *', { freq: 3, byhour: [0, 7, 14, 21], byminute: [0, 25, 50] }],
    ['@weekly', { freq: 2, byweekday: ['SU'], byhour: [0], byminute: [0] }],
    [
      '*/15 9-17 * * MON-FRI',
      {
        freq: 2,
        byweekday: ['MO', 'TU', 'WE', 'TH', 'FR'],
        byhour: [9, 10, 11, 12, 13, 14, 15, 16, 17],
        byminute: [0, 15, 30, 45],
      },
    ],
    ['0 12 * * 0,7', { freq: 2, byweekday: ['SU'], byhour: [12], byminute: [0] }],
    ['@monthly', { freq: 1, bymonthday: [1], byhour: [0], byminute: [0] }],
    ['30 6 1,15,31 * *', { freq: 1, bymonthday: [1, 15, 31], byhour: [6], byminute: [30] }],
  ])('%s is an rrule of the minutes, hours and days croner parsed', (cron, expected) => {
    expect(scheduleOf(cron, 'Europe/Berlin')).toEqual({
      rrule: { interval: 1, tzid: 'Europe/Berlin', ...expected },
    });
  });

  it('stores @every as a Task Manager interval, and its time zone defaults to UTC', () => {
    expect(scheduleOf('@every 90s')).toEqual({ interval: '90s' });
    expect(scheduleOf('@every 5m')).toEqual({ interval: '5m' });
    expect(scheduleOf('@hourly')).toMatchObject({ rrule: { tzid: 'UTC' } });
  });

  it.each([
    ['0 0 1 1 *', /month/],
    ['0 0 * 6-8 *', /month/],
    ['@yearly', /month/],
    ['@annually', /month/],
    ['0 0 1 * 1', /both day-of-month and day-of-week/],
    ['0 0 L * *', /`L` and `W`/],
    ['0 0 15W * *', /`L` and `W`/],
    ['0 0 * * 5#2', /`#n`/],
    ['0 0 * * 5L', /`#n`/],
    ['0 0 0 * * *', /no 5-field cron/],
    ['61 * * * *', /no 5-field cron/],
    ['every minute', /no 5-field cron/],
    ['@every 1m30s', /needs an interval/],
    ['@every 0s', /needs an interval/],
    ['@every', /needs an interval/],
  ])('refuses %s, saying why', (cron, why) => {
    const converted = cronToSchedule({ cron });
    expect(converted).toEqual({ error: expect.stringMatching(why) });
  });

  it('refuses a time zone that is none', () => {
    expect(cronToSchedule({ cron: '@daily', tz: 'Mars/Olympus' })).toEqual({
      error: expect.stringMatching(/not a time zone/),
    });
  });

  it('answers schedules the kernel accepts', () => {
    for (const cron of ['* * * * *', '@daily', '@weekly', '@monthly', '0 9 * * 1-5']) {
      expect(scheduleError(scheduleOf(cron, 'America/New_York'))).toBeUndefined();
    }
  });
});

describe('the kernel runs a cron schedule when croner does', () => {
  it.each([
    ['30 9 * * *', 'Europe/Berlin', '2026-03-25T12:00:00Z'], // CET -> CEST on Mar 29
    ['30 9 * * *', 'Europe/Berlin', '2026-10-21T12:00:00Z'], // CEST -> CET on Oct 25
    ['0 4 * * *', 'America/New_York', '2026-03-05T12:00:00Z'], // EST -> EDT on Mar 8
    ['0 4 * * *', 'America/New_York', '2026-10-29T12:00:00Z'], // EDT -> EST on Nov 1
    ['0 4,23 * * *', 'America/New_York', '2026-10-30T12:00:00Z'],
  ])(
    'daily %s in %s across a DST change from %s, at the same wall-clock time',
    (cron, tz, from) => {
      const runs = kernelRuns(scheduleOf(cron, tz), new Date(from), 10);
      expect(runs).toEqual(cronerRuns(cron, tz, new Date(from), 10));
      const times = cron.startsWith('30 9') ? ['09:30:00'] : ['04:00:00', '23:00:00'];
      for (const run of runs) expect(times).toContain(wallClock(run, tz));
    }
  );

  it.each([
    ['on time', 1_500],
    ['late, counting from its start', 10_000],
  ])(
    'Task Manager writes croner’s next run after each run of a daily task across DST, claimed %s',
    (_, lateMs) => {
      const [cron, tz, from] = ['30 9 * * *', 'Europe/Berlin', new Date('2026-03-26T12:00:00Z')];
      const schedule = scheduleOf(cron, tz);
      let runAt = getFirstRunAt({ schedule }, from);
      const written = [runAt.toISOString()];
      while (written.length < 6) {
        const startedAt = new Date(runAt.getTime() + lateMs);
        const task = { id: 't', taskType: 'x', schedule, runAt, startedAt, attempts: 1 };
        // The clock moves: each run ends a few seconds after it started.
        const plan = finishWrite(
          task as ConcreteTaskInstance,
          { state: {} },
          {
            fence: { if_seq_no: 1, if_primary_term: 1 },
            defaultMaxAttempts: 3,
            pollInterval: 3_000,
            now: new Date(startedAt.getTime() + 2_000),
          }
        );
        expect(plan.outcome).toBe('rescheduled');
        runAt = new Date(
          String((plan.write as { doc: { task: { runAt: string } } }).doc.task.runAt)
        );
        written.push(runAt.toISOString());
      }
      expect(written).toEqual(cronerRuns(cron, tz, from, 6));
    }
  );

  it('every minute from a time within a minute, on the minute', () => {
    const from = new Date('2026-03-29T00:58:17.123Z');
    const runs = kernelRuns(scheduleOf('* * * * *', 'Europe/Berlin'), from, 5);
    expect(runs).toEqual(cronerRuns('* * * * *', 'Europe/Berlin', from, 5));
    expect(runs[0]).toBe('2026-03-29T00:59:00.000Z');
  });

  it('in the hour a DST change skips or repeats, reads wall-clock times as Kibana does', () => {
    // 02:30 does not exist on 2026-03-29 in Berlin: Task Manager (moment-timezone) runs it
    // at 03:30 CEST, croner at 03:00; the README says so.
    const spring = kernelRuns(
      scheduleOf('30 2 * * *', 'Europe/Berlin'),
      new Date('2026-03-28T12:00:00Z'),
      2
    );
    expect(spring).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    // 02:30 happens twice on 2026-10-25: it runs once, at the first.
    const autumn = kernelRuns(
      scheduleOf('30 2 * * *', 'Europe/Berlin'),
      new Date('2026-10-24T12:00:00Z'),
      2
    );
    expect(autumn).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  // Fields as cron writes them; hours outside the DST-change hours (00:00-02:59) of the
  // zones tested, which the test above covers.
  const list = (min: number, max: number) =>
    fc
      .uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 4 })
      .map((v) => v.join(','));
  const field = (min: number, max: number, star: boolean) =>
    fc.oneof(
      list(min, max),
      fc
        .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
        .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
      fc
        .integer({ min: 1, max: max - min })
        .map((step) => `${star ? '*' : `${min}-${max}`}/${step}`),
      ...(star ? [fc.constant('*')] : [])
    );
  const days = fc.oneof(
    fc.tuple(field(1, 31, false), fc.constant('*')),
    fc.tuple(fc.constant('*'), field(0, 6, false)),
    fc.constant(['*', '*'] as [string, string])
  );
  const from = fc.date({
    min: new Date('2025-01-01Z'),
    max: new Date('2028-01-01Z'),
    noInvalidDate: true,
  });

  it('for any expression in UTC', () => {
    fc.assert(
      fc.property(field(0, 59, true), field(0, 23, true), days, from, (m, h, [dom, dow], start) => {
        const cron = `${m} ${h} ${dom} * ${dow}`;
        expect(kernelRuns(scheduleOf(cron), start, 8)).toEqual(cronerRuns(cron, 'UTC', start, 8));
      }),
      { numRuns: 100 }
    );
  });

  it.each(['Europe/Berlin', 'America/New_York'])('for any expression in %s', (tz) => {
    fc.assert(
      fc.property(
        field(0, 59, true),
        field(3, 23, false),
        days,
        from,
        (m, h, [dom, dow], start) => {
          const cron = `${m} ${h} ${dom} * ${dow}`;
          expect(kernelRuns(scheduleOf(cron, tz), start, 8)).toEqual(
            cronerRuns(cron, tz, start, 8)
          );
        }
      ),
      { numRuns: 100 }
    );
  });
});
