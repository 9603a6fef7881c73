// Mirrors x-pack/platform/plugins/shared/task_manager/server/task.ts (elastic/kibana), as of Kibana 9.3: its schedule types (a recurring task's interval or recurrence rule), kept in their own file here
// (Kibana main, 2026, moved them to @kbn/response-ops-scheduling-types and re-exports them from task.ts.)
/**
 * Interval-based schedule. Use this or RruleSchedule, never both.
 */
export interface IntervalSchedule {
  /**
   * An interval in minutes (e.g. '5m'). If specified, this is a recurring task.
   * */
  interval: string;
  rrule?: never;
}

/**
 * RRule-based schedule. Use this or IntervalSchedule, never both.
 */
export interface RruleSchedule {
  rrule: Rrule;
  interval?: never;
}

/**
 * Simplified: Kibana types `freq` with the `Frequency` enum of `@kbn/rrule`
 * (MONTHLY = 1, WEEKLY = 2, DAILY = 3, HOURLY = 4); the numeric values are used here.
 */
export type Rrule = RruleMonthly | RruleWeekly | RruleDaily | RruleHourly;

export interface RruleCommon {
  dtstart?: string;
  freq: number;
  interval: number;
  tzid: string;
}

export interface RruleMonthly extends RruleCommon {
  freq: 1;
  bymonthday?: number[];
  byhour?: number[];
  byminute?: number[];
  byweekday?: string[];
}

export interface RruleWeekly extends RruleCommon {
  freq: 2;
  byweekday?: string[];
  byhour?: number[];
  byminute?: number[];
  bymonthday?: never;
}

export interface RruleDaily extends RruleCommon {
  freq: 3;
  byhour?: number[];
  byminute?: number[];
  byweekday?: string[];
  bymonthday?: never;
}

export interface RruleHourly extends RruleCommon {
  freq: 4;
  byhour?: never;
  byminute?: number[];
  byweekday?: never;
  bymonthday?: never;
}
