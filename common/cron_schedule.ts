// Cron schedules: a cron expression (parsed by croner) as the interval or rrule Task Manager stores.
import { CronPattern } from 'croner';
import type { TaskSchedule } from './task_schedule';
import { isInterval, isTimeZone } from './task_schedule';

/** A recurring schedule written as cron, as `TaskClient.schedule` and the routes take it. */
export interface CronSchedule {
  /**
   * A 5-field cron expression (minute hour day-of-month month day-of-week), or a macro:
   * `@every <interval>` (e.g. `@every 90s`), `@hourly`, `@daily`, `@weekly`, `@monthly`.
   */
  cron: string;
  /** The IANA time zone the fields are read in, e.g. `Europe/Berlin`. @defaultValue 'UTC' */
  tz?: string;
}

/** Why a cron schedule cannot be stored, or the schedule Task Manager stores for it. */
export type CronConversion = { schedule: TaskSchedule } | { error: string };

/** Whether a schedule given to `TaskClient.schedule` or a route is written as cron. */
export function isCronSchedule(schedule: unknown): schedule is CronSchedule {
  return typeof (schedule as Partial<CronSchedule> | undefined)?.cron === 'string';
}

// The rrule byweekday names, indexed like cron's (and croner's) day-of-week: Sunday is 0.
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** croner's day-of-week entry for a plain day (no `#n`): read from croner, not assumed. */
const PLAIN_WEEKDAY = new CronPattern('0 0 * * 0', 'UTC', { mode: '5-part' }).dayOfWeek[0];

const indexesOf = (flags: number[]) =>
  flags.flatMap((flag, index) => (flag ? [index] : [])).sort((a, b) => a - b);

/**
 * The schedule Task Manager stores for `cron`, or why there is none: `@every <interval>`
 * becomes `{ interval }`, any other expression an rrule (interval 1) listing the minutes,
 * hours and days croner parsed, so the next runs are those cron computes. Refused where
 * Kibana's rrule cannot say the same: a month field (it has no `bymonth`, so `@yearly`
 * too), day-of-month and day-of-week both restricted (cron runs on either, an rrule only on
 * both), `L`, `W` and `#n`, and seconds (6 fields).
 */
export function cronToSchedule({ cron, tz = 'UTC' }: CronSchedule): CronConversion {
  if (!isTimeZone(tz)) return { error: `"${tz}" is not a time zone` };
  const text = cron.trim();
  if (text.startsWith('@every')) {
    const interval = text.slice('@every'.length).trim();
    return isInterval(interval)
      ? { schedule: { interval } }
      : {
          error: `"@every ${interval}" needs an interval Task Manager stores: {number}{s|m|h|d}, e.g. @every 90s or @every 5m`,
        };
  }
  let pattern: CronPattern;
  try {
    // '5-part': minute precision, as Task Manager (seconds would be refused below anyway)
    pattern = new CronPattern(text, tz, { mode: '5-part' });
  } catch (caught) {
    return { error: `"${cron}" is no 5-field cron expression or macro: ${messageOf(caught)}` };
  }
  const refusal = unstorable(pattern);
  if (refusal)
    return { error: `"${cron}" cannot be stored as a Task Manager schedule: ${refusal}` };

  const byminute = indexesOf(pattern.minute);
  const byhour = indexesOf(pattern.hour);
  const common = { interval: 1, tzid: tz, byminute };
  if (!pattern.starDOM) {
    // croner indexes days of the month from 0
    const bymonthday = indexesOf(pattern.day).map((day) => day + 1);
    return { schedule: { rrule: { ...common, freq: 1, bymonthday, byhour } } };
  }
  if (!pattern.starDOW) {
    const byweekday = indexesOf(pattern.dayOfWeek).map((day) => WEEKDAYS[day]);
    return { schedule: { rrule: { ...common, freq: 2, byweekday, byhour } } };
  }
  return byhour.length === 24
    ? { schedule: { rrule: { ...common, freq: 4 } } }
    : { schedule: { rrule: { ...common, freq: 3, byhour } } };
}

/** Why the parsed `pattern` has no faithful rrule, or undefined. */
function unstorable(pattern: CronPattern): string | undefined {
  if (indexesOf(pattern.month).length !== 12) {
    return 'a month field (or @yearly): Kibana’s rrule has no month (bymonth)';
  }
  if (!pattern.starDOM && !pattern.starDOW) {
    return 'both day-of-month and day-of-week are restricted: cron runs on either, an rrule only on days matching both';
  }
  if (pattern.lastDayOfMonth || pattern.lastWeekday || pattern.nearestWeekdays.some(Boolean)) {
    return '`L` and `W` have no rrule equivalent Task Manager stores';
  }
  if (pattern.dayOfWeek.some((flag) => flag !== 0 && flag !== PLAIN_WEEKDAY)) {
    return '`#n` and `nL` (the nth or last weekday of the month) have no rrule equivalent Task Manager stores';
  }
  if (indexesOf(pattern.second).join() !== '0') return 'seconds are not stored: use 5 fields';
  return undefined;
}

function messageOf(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}
