import { floatingIn, instantIn } from './wall_clock';

const iso = (date: Date) => date.toISOString();

describe('wall-clock times', () => {
  it('reads the wall clock of a zone as a UTC date, and back', () => {
    const instant = new Date('2026-07-01T10:15:30.250Z');
    expect(iso(floatingIn(instant, 'Europe/Berlin'))).toBe('2026-07-01T12:15:30.250Z');
    expect(iso(floatingIn(instant, 'America/New_York'))).toBe('2026-07-01T06:15:30.250Z');
    expect(iso(instantIn(floatingIn(instant, 'America/New_York'), 'America/New_York'))).toBe(
      iso(instant)
    );
  });

  it.each([
    // spring: 02:30 does not exist, it moves forward by the change
    ['Europe/Berlin', '2026-03-29T02:30:00Z', '2026-03-29T01:30:00.000Z'],
    ['America/New_York', '2026-03-08T02:30:00Z', '2026-03-08T07:30:00.000Z'],
    // autumn: a repeated time is its first occurrence
    ['Europe/Berlin', '2026-10-25T02:30:00Z', '2026-10-25T00:30:00.000Z'],
    ['America/New_York', '2026-11-01T01:30:00Z', '2026-11-01T05:30:00.000Z'],
    // the hours around a change are exact
    ['Europe/Berlin', '2026-10-25T03:30:00Z', '2026-10-25T02:30:00.000Z'],
    ['America/New_York', '2026-11-01T04:00:00Z', '2026-11-01T09:00:00.000Z'],
  ])('in %s, wall clock %s is %s', (zone, wall, instant) => {
    expect(iso(instantIn(new Date(wall), zone))).toBe(instant);
  });
});
