// Wall-clock times of a time zone as rrule computes them (floating: the local fields, as UTC) and back.

// Building an Intl.DateTimeFormat is far slower than using one: one per time zone.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time of `date` in `timeZone`, written as a UTC date (rrule's floating time). */
export function floatingIn(date: Date, timeZone: string): Date {
  const parts = wallClockFormat(timeZone).formatToParts(date);
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  return new Date(
    Date.UTC(
      field('year'),
      field('month') - 1,
      field('day'),
      field('hour'),
      field('minute'),
      field('second'),
      date.getUTCMilliseconds()
    )
  );
}

const HALF_DAY_MS = 12 * 60 * 60 * 1000;

/**
 * The instant a wall-clock time (`floating`, written as UTC) of `timeZone` stands for. A time
 * a DST change repeats is its first occurrence; one it skips moves forward by the change
 * (02:30 becomes 03:30), as moment-timezone, behind Kibana's rrule, reads them.
 */
export function instantIn(floating: Date, timeZone: string): Date {
  const wall = floating.getTime();
  const offsetAt = (instant: number) => floatingIn(new Date(instant), timeZone).getTime() - instant;
  // DST changes are months apart: the offsets half a day around are those before and after.
  const before = wall - offsetAt(wall - HALF_DAY_MS);
  const after = wall - offsetAt(wall + HALF_DAY_MS);
  const isWall = (instant: number) => floatingIn(new Date(instant), timeZone).getTime() === wall;
  if (isWall(before)) return new Date(isWall(after) ? Math.min(before, after) : before);
  return new Date(isWall(after) ? after : before);
}
