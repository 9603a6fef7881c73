import { InvalidTaskScheduleError } from '../errors';
import type { RegisteredTaskType } from '../types';
import { storedSchedule } from './stored_schedule';

const typeWith = (schedule?: unknown) => ({ definition: { schedule } }) as RegisteredTaskType;

describe('storedSchedule', () => {
  it('stores a cron schedule as its rrule, keeps its text and zone, and runs first on its minute', () => {
    const before = Date.now();
    const stored = storedSchedule({ cron: '*/10 * * * *' }, typeWith(), {});
    expect(stored).toMatchObject({
      schedule: { rrule: { freq: 4, interval: 1, tzid: 'UTC', byminute: [0, 10, 20, 30, 40, 50] } },
      cron: { cron: '*/10 * * * *', tz: 'UTC' },
    });
    const first = stored.firstRunAt!.getTime();
    expect(first % 600_000).toBe(0);
    expect(first).toBeGreaterThan(before);
    expect(first - before).toBeLessThanOrEqual(600_000);
  });

  it('refuses a cron expression no stored schedule says, naming schedule.cron', () => {
    expect(() => storedSchedule({ cron: '0 0 * 1 *' }, typeWith(), {})).toThrow(
      InvalidTaskScheduleError
    );
    expect(() => storedSchedule({ cron: '0 0 * 1 *' }, typeWith(), {})).toThrow(
      /^Invalid \[schedule\.cron\]: .*month/
    );
  });

  it('otherwise takes the requested schedule, else the type’s (a value or a function of the params)', () => {
    expect(storedSchedule({ interval: '5m' }, typeWith({ interval: '1h' }), {})).toEqual({
      schedule: { interval: '5m' },
    });
    expect(storedSchedule(undefined, typeWith({ interval: '1h' }), {})).toEqual({
      schedule: { interval: '1h' },
    });
    const perParams = typeWith((params: { every: string }) => ({ interval: params.every }));
    expect(storedSchedule(undefined, perParams, { every: '2m' })).toEqual({
      schedule: { interval: '2m' },
    });
    expect(storedSchedule(undefined, typeWith(), {})).toEqual({ schedule: undefined });
  });
});
