import { toSchedule } from './schedule_form';

describe('toSchedule (the "Repeat" field)', () => {
  it('runs once when empty', () => {
    expect(toSchedule('  ', 'Europe/Berlin')).toBeUndefined();
  });

  it('reads Task Manager’s interval form as an interval, whatever the zone', () => {
    expect(toSchedule('5m', 'Europe/Berlin')).toEqual({ interval: '5m' });
  });

  it('reads anything else as cron, with the zone when one is given', () => {
    expect(toSchedule(' */5 * * * * ', '')).toEqual({ cron: '*/5 * * * *' });
    expect(toSchedule('@daily', ' Europe/Berlin ')).toEqual({
      cron: '@daily',
      tz: 'Europe/Berlin',
    });
  });
});
