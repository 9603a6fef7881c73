// Pure date arithmetic of Task Manager: intervals, next runs of recurring tasks, retry delays.
import { ALL_WEEKDAYS, RRule } from 'rrule';
import type { Options as RRuleOptions } from 'rrule';
import { floatingIn, instantIn } from './wall_clock';
import type {
  ConcreteTaskInstance,
  IntervalSchedule,
  RruleSchedule,
  TaskInstance,
} from '@kbn/task-manager-plugin/server/task';

/**
 * A recurrence rule, read off `RruleSchedule`, the one name both Kibana 9.3 and main export
 * from `server/task`: main re-exports `Rrule` there from `@kbn/response-ops-scheduling-types`,
 * a package 9.3 does not have.
 */
type Rrule = RruleSchedule['rrule'];

/** The timeout of a task type when its definition names none. */
export const DEFAULT_TASK_TIMEOUT = '5m';

/**
 * The longest timeout used to compute a claim's `retryAt`: a task type with a longer timeout
 * is still reclaimable after 5 minutes, as in Kibana.
 */
const MAX_RETRY_AT_TIMEOUT_MS = 5 * 60 * 1000;
/** The first retry of a failed one-shot task waits 30 s. */
const FIRST_RETRY_DELAY_MS = 30 * 1000;
/** Later retries back off exponentially from 5 min (with jitter) ... */
const BACKOFF_BASE_MS = 5 * 60 * 1000;
/** ... capped at one hour. */
const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

const CADENCE_MS: Record<string, number> = {
  s: 1000,
  m: 60 * 1000,
  h: 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
};

/** The subset of a task definition these computations read. */
export interface TaskTimingDefinition {
  /** e.g. '5m'. @defaultValue '5m' */
  timeout?: string;
}

export type TaskSchedule = IntervalSchedule | RruleSchedule;

/** Whether `interval` has the form `{integer > 0}{s|m|h|d}`, e.g. '10s', '5m', '1h', '1d'. */
export function isInterval(interval: string): boolean {
  const digits = interval.slice(0, -1);
  return /^\d+$/.test(digits) && Number(digits) > 0 && interval.slice(-1) in CADENCE_MS;
}

/** An interval such as '10s' in milliseconds; throws on anything else. */
export function parseIntervalAsMillisecond(interval: string): number {
  if (!isInterval(interval)) {
    throw new Error(
      `Invalid interval "${interval}": use {number}{s|m|h|d} with a positive integer, e.g. 5m`
    );
  }
  return Number(interval.slice(0, -1)) * CADENCE_MS[interval.slice(-1)];
}

/** `date` plus `interval`. */
export function intervalFromDate(date: Date, interval: string): Date {
  return new Date(date.getTime() + parseIntervalAsMillisecond(interval));
}

/** `date` plus the longest of the given intervals (undefined ones ignored). */
export function maxIntervalFromDate(date: Date, ...intervals: Array<string | undefined>): Date {
  const longest = Math.max(
    0,
    ...intervals.filter((i): i is string => i != null).map(parseIntervalAsMillisecond)
  );
  return new Date(date.getTime() + longest);
}

/**
 * How long a run of `task` may take: the type's timeout, or for a one-shot task its own
 * `timeoutOverride` when it has one.
 */
export function getTimeout(
  task: Pick<TaskInstance, 'schedule' | 'timeoutOverride'>,
  definition: TaskTimingDefinition | undefined
): string {
  if (!task.schedule && task.timeoutOverride) return task.timeoutOverride;
  return definition?.timeout ?? DEFAULT_TASK_TIMEOUT;
}

/**
 * Delay before retrying a one-shot task that failed on its `attempts`-th attempt: 30 s after
 * the first, then a random delay up to 5 min × 2^(attempts − 2), capped at 1 h.
 *
 * @param random - a source in [0, 1), for tests. @defaultValue Math.random
 */
export function calculateDelayBasedOnAttempts(
  attempts: number,
  random: () => number = Math.random
): number {
  if (attempts === 1) return FIRST_RETRY_DELAY_MS;
  const upper = Math.min(MAX_RETRY_DELAY_MS, BACKOFF_BASE_MS * Math.pow(2, attempts - 2));
  return Math.floor(random() * (upper + 1));
}

/** When a one-shot task that failed on its `attempts`-th attempt runs again (plus `addDuration`). */
export function getRetryDate({
  attempts,
  addDuration,
  now = new Date(),
  random,
}: {
  attempts: number;
  addDuration?: string;
  now?: Date;
  random?: () => number;
}): Date {
  const retry = new Date(now.getTime() + calculateDelayBasedOnAttempts(attempts, random));
  return addDuration ? intervalFromDate(retry, addDuration) : retry;
}

/**
 * The `retryAt` written when a task is claimed: after it, a run that never finished (node
 * died, runner hung) is claimable again. Recurring tasks: now + max(interval, timeout); one-shot
 * tasks: now + the retry delay of the coming attempt + timeout. Timeouts above 5 min count as 5.
 */
export function getRetryAt(
  task: Pick<ConcreteTaskInstance, 'schedule' | 'timeoutOverride' | 'attempts'>,
  definition: TaskTimingDefinition | undefined,
  now: Date = new Date(),
  random?: () => number
): Date {
  const taskTimeout = getTimeout(task, definition);
  const timeout =
    parseIntervalAsMillisecond(taskTimeout) > MAX_RETRY_AT_TIMEOUT_MS
      ? DEFAULT_TASK_TIMEOUT
      : taskTimeout;
  if (task.schedule) {
    return maxIntervalFromDate(now, task.schedule.interval, timeout);
  }
  return getRetryDate({ attempts: task.attempts + 1, addDuration: timeout, now, random });
}

function toRRuleOptions(rrule: Rrule, dtstart: Date): Partial<RRuleOptions> {
  const { freq, interval, tzid, byweekday, byhour, byminute, bymonthday } = rrule as Rrule & {
    byweekday?: string[];
    byhour?: number[];
    byminute?: number[];
    bymonthday?: number[];
  };
  // The rrule library takes the seconds a rule does not name from dtstart: a rule naming
  // its minutes (a cron schedule) runs on the whole minute, whenever it was counted from.
  const start = byminute ? new Date(Math.floor(dtstart.getTime() / 60_000) * 60_000) : dtstart;
  return {
    freq,
    interval,
    // The rule runs on the wall clock of `tzid`: dtstart is given as that wall-clock time
    // written as UTC (floating) and occurrences are turned into instants by `instantIn`,
    // as the rrule package's own `tzid` conversion is an hour off near DST changes.
    tzid: null,
    dtstart: zoneOf(tzid) ? floatingIn(start, zoneOf(tzid)!) : start,
    ...(byweekday ? { byweekday: byweekday as RRuleOptions['byweekday'] } : {}),
    ...(byhour ? { byhour } : {}),
    ...(byminute ? { byminute } : {}),
    ...(bymonthday ? { bymonthday } : {}),
  };
}

/** The first occurrence of `rrule` strictly after `after`, counting from `dtstart`. */
export function nextRruleOccurrence(rrule: Rrule, dtstart: Date, after: Date): Date | null {
  const rule = new RRule(toRRuleOptions(rrule, dtstart));
  const zone = zoneOf(rrule.tzid);
  if (!zone) return rule.after(after);
  let floating = rule.after(floatingIn(after, zone));
  // Past a repeated hour (DST ends), a wall-clock time may map back before `after`: skip it.
  while (floating && instantIn(floating, zone).getTime() <= after.getTime()) {
    floating = rule.after(floating);
  }
  return floating && instantIn(floating, zone);
}

/** The time zone a rule is computed in, or undefined for UTC (exact without conversion). */
function zoneOf(tzid: string | undefined): string | undefined {
  return tzid && tzid !== 'UTC' ? tzid : undefined;
}

/**
 * When a recurring task runs next, from the run that just ended. Counting from the previous
 * scheduled `runAt` keeps a schedule free of drift; when the run started later than
 * `delayThresholdMs` (the poll interval) after its `runAt`, it counts from `startedAt` instead.
 * Never in the past.
 */
export function getNextRunAt(
  { runAt, startedAt, schedule }: Pick<ConcreteTaskInstance, 'runAt' | 'startedAt' | 'schedule'>,
  delayThresholdMs: number = 0,
  now: Date = new Date()
): Date {
  const started = startedAt ?? now;
  const from = started.getTime() - runAt.getTime() < delayThresholdMs ? runAt : started;
  let next: Date | null = null;
  if (schedule?.interval) {
    next = intervalFromDate(from, schedule.interval);
  } else if (schedule?.rrule) {
    // 1 ms ahead, so a run finishing exactly on an occurrence never schedules itself again
    next = nextRruleOccurrence(schedule.rrule, from, new Date(now.getTime() + 1));
  }
  if (!next) {
    throw new Error(`Cannot compute the next run of schedule ${JSON.stringify(schedule)}`);
  }
  return new Date(Math.max(next.getTime(), now.getTime()));
}

/**
 * The `runAt` of a newly scheduled task: its own `runAt`, else now, or for an rrule naming fixed
 * times (anything beyond freq/interval/tzid) its first occurrence after now.
 */
export function getFirstRunAt(
  task: Pick<TaskInstance, 'runAt' | 'schedule'>,
  now: Date = new Date()
): Date {
  if (task.runAt) return task.runAt;
  const rrule = task.schedule?.rrule;
  if (rrule) {
    const fixedTime = Object.keys(rrule).some((key) => !['freq', 'interval', 'tzid'].includes(key));
    if (fixedTime) return nextRruleOccurrence(rrule, now, now) ?? now;
  }
  return now;
}

/**
 * The last instant Elasticsearch's `date` fields (`strict_date_optional_time`) store: a date
 * with a year above 9999 or below 0 is refused by the mapping, so it is refused before any write.
 */
const MAX_STORABLE_MS = Date.parse('9999-12-31T23:59:59.999Z');
const MIN_STORABLE_MS = Date.parse('0000-01-01T00:00:00.000Z');

/** Whether `date` is a valid date Elasticsearch can store (year 0 to 9999). */
export function isStorableDate(date: Date): boolean {
  const ms = date.getTime();
  return !Number.isNaN(ms) && ms >= MIN_STORABLE_MS && ms <= MAX_STORABLE_MS;
}

/** Whether the runtime's Intl knows `tzid` (the time zones the rrule library can compute in). */
export function isTimeZone(tzid: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tzid });
    return true;
  } catch {
    return false;
  }
}

/**
 * Why the rrule library cannot be asked for the next run of `schedule` at all: checked before
 * computing, because it loops (for seconds, or forever) on some rules it cannot satisfy.
 */
function scheduleShapeError(schedule: TaskSchedule): string | undefined {
  if (schedule.interval != null) {
    if (!isInterval(schedule.interval)) {
      return `Invalid interval "${schedule.interval}": use {number}{s|m|h|d} with a positive integer, e.g. 5m`;
    }
  } else {
    const rrule = schedule.rrule as Partial<Rrule> | undefined;
    // Kibana's Frequency: MONTHLY 1, WEEKLY 2, DAILY 3, HOURLY 4 (the rrule library has more)
    if (rrule == null || !Number.isInteger(rrule.freq) || rrule.freq! < 1 || rrule.freq! > 4) {
      return 'A schedule needs an `interval` (e.g. "5m") or an `rrule` with a `freq` of 1 to 4';
    }
    if (!Number.isInteger(rrule.interval) || (rrule.interval as number) < 1) {
      return 'The rrule `interval` must be a positive integer';
    }
    // Kibana's Rrule types: `byhour`/`byweekday` never in an hourly rule, `bymonthday` only in
    // a monthly one. They matter here: the rrule library steps period by period until one meets
    // the filters, up to year 9999, forever on FREQ=HOURLY;INTERVAL=24;BYHOUR=3 and for seconds
    // on FREQ=DAILY;INTERVAL=7;BYDAY=MO from a Wednesday.
    const { byweekday, byhour, bymonthday } = rrule as Record<string, unknown>;
    if (rrule.freq === 4 && (byhour !== undefined || byweekday !== undefined)) {
      return 'An hourly rrule (freq 4) takes no `byhour` or `byweekday`: use a daily or weekly rule';
    }
    if (rrule.freq !== 1 && bymonthday !== undefined) {
      return 'Only a monthly rrule (freq 1) takes `bymonthday`';
    }
    if (rrule.freq === 3 && byweekday !== undefined && (rrule.interval as number) % 7 === 0) {
      return 'A daily rrule (freq 3) with `byweekday` takes an `interval` that is no multiple of 7: use a weekly rule';
    }
    if (
      byweekday !== undefined &&
      (!Array.isArray(byweekday) || !byweekday.every((day) => ALL_WEEKDAYS.includes(day)))
    ) {
      return `The rrule \`byweekday\` must list days among ${ALL_WEEKDAYS.join(', ')}`;
    }
    if (rrule.tzid != null && !isTimeZone(rrule.tzid)) {
      return `The rrule \`tzid\` "${rrule.tzid}" is not a time zone`;
    }
  }
  return undefined;
}

/** The error of the next run of `schedule` from `now`, or its date. */
export type NextRunAt = { runAt: Date } | { error: string };

/**
 * `getNextRunAt`, answering the reason instead of throwing when the next run cannot be
 * computed or stored (a time zone Intl does not know, an rrule with no occurrence, a date past
 * year 9999): the one check behind both refusing a schedule and failing a stored task with it.
 */
export function tryGetNextRunAt(
  task: Pick<ConcreteTaskInstance, 'runAt' | 'startedAt' | 'schedule'>,
  delayThresholdMs: number = 0,
  now: Date = new Date()
): NextRunAt {
  const shapeError = task.schedule ? scheduleShapeError(task.schedule) : undefined;
  if (shapeError) return { error: `Cannot compute the next run of schedule: ${shapeError}` };
  let runAt: Date;
  try {
    runAt = getNextRunAt(task, delayThresholdMs, now);
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught);
    return {
      error: `Cannot compute the next run of schedule ${JSON.stringify(task.schedule)}: ${message}`,
    };
  }
  if (!isStorableDate(runAt)) {
    return {
      error: `The next run of schedule ${JSON.stringify(task.schedule)} is not a date before year 10000`,
    };
  }
  return { runAt };
}

/**
 * Why `schedule` cannot be used, or undefined: the shape (an interval, or an rrule with an
 * integer `freq`/`interval` and a known `tzid`), then its next run computed from `now` as a
 * finished run would compute it, and its first run as scheduling computes it.
 */
export function scheduleError(
  schedule: TaskSchedule | undefined,
  now: Date = new Date()
): string | undefined {
  if (!schedule) return undefined;
  const next = tryGetNextRunAt({ runAt: now, startedAt: now, schedule }, 0, now);
  if ('error' in next) return next.error;
  try {
    if (!isStorableDate(getFirstRunAt({ schedule }, now))) {
      return `The first run of schedule ${JSON.stringify(schedule)} is not a date before year 10000`;
    }
  } catch (caught) {
    return `Cannot compute the first run of schedule ${JSON.stringify(schedule)}: ${caught instanceof Error ? caught.message : String(caught)}`;
  }
  return undefined;
}

/** Throws a message naming the problem when `schedule` cannot be used (see `scheduleError`). */
export function validateSchedule(schedule: TaskSchedule | undefined, now?: Date): void {
  const error = scheduleError(schedule, now);
  if (error) throw new Error(error);
}
