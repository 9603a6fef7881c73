// The config-schema validation of the task routes (also the source of their OpenAPI document).
import { schema, type Type, type TypeOf } from '@kbn/config-schema';
import { BACKGROUND_TASK_STATUSES, MAX_LIST_RESULT_WINDOW } from '../../common';
import { cronToSchedule } from '../../common/cron_schedule';
import { isInterval, isStorableDate, isTimeZone, scheduleError } from '../../common/task_schedule';

/** Task ids end up in document ids and URLs: keep them to a safe, bounded alphabet. */
const TASK_ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

export const taskIdSchema = schema.string({
  minLength: 1,
  maxLength: 256,
  validate: (id) =>
    TASK_ID_PATTERN.test(id) ? undefined : 'must contain only letters, digits and _ . : -',
  meta: { description: 'The task id, unique across spaces.' },
});

export const taskParamsSchema = schema.object({ id: taskIdSchema });

const intervalSchema = schema.string({
  validate: (interval) =>
    isInterval(interval) ? undefined : 'must be {number}{s|m|h|d} with a positive integer, e.g. 5m',
  meta: { description: 'Runs the task every interval, e.g. `5m`.' },
});

const rruleSchema = schema.object(
  {
    freq: schema.number({
      min: 1,
      max: 4,
      meta: { description: '1 monthly, 2 weekly, 3 daily, 4 hourly' },
    }),
    interval: schema.number({
      min: 1,
      validate: (n) => (Number.isInteger(n) ? undefined : 'must be an integer'),
    }),
    tzid: schema.string({
      defaultValue: 'UTC',
      meta: { description: 'An IANA time zone, e.g. `Europe/Paris`.' },
    }),
    dtstart: schema.maybe(schema.string()),
    byhour: schema.maybe(schema.arrayOf(schema.number({ min: 0, max: 23 }))),
    byminute: schema.maybe(schema.arrayOf(schema.number({ min: 0, max: 59 }))),
    byweekday: schema.maybe(schema.arrayOf(schema.string())),
    bymonthday: schema.maybe(schema.arrayOf(schema.number({ min: 1, max: 31 }))),
  },
  { meta: { description: 'An RFC 5545 recurrence rule, as Task Manager takes it.' } }
);

const cronSchema = schema.string({
  minLength: 1,
  maxLength: 1000,
  // The time zone does not change whether an expression maps onto an rrule: checked alone,
  // so the 400 names [schedule.cron].
  validate: (cron) => {
    const converted = cronToSchedule({ cron });
    return 'error' in converted ? converted.error : undefined;
  },
  meta: {
    description:
      'A 5-field cron expression (minute hour day-of-month month day-of-week, the month `*`), or `@every <interval>`, `@hourly`, `@daily`, `@weekly`, `@monthly`. Stored as the rrule or interval it maps onto.',
  },
});

const tzSchema = schema.string({
  validate: (tz) => (isTimeZone(tz) ? undefined : `"${tz}" is not a time zone`),
  meta: { description: 'The IANA time zone of [cron], e.g. `Europe/Berlin`; UTC when absent.' },
});

export const taskScheduleSchema = schema.object(
  {
    interval: schema.maybe(intervalSchema),
    rrule: schema.maybe(rruleSchema),
    cron: schema.maybe(cronSchema),
    tz: schema.maybe(tzSchema),
  },
  {
    // One rule, in common/: a schedule whose next run cannot be computed is refused here,
    // not accepted and then failed (or re-run) by every run.
    validate: (value) => {
      const given = [value.interval, value.rrule, value.cron].filter((v) => v !== undefined);
      if (given.length !== 1) return 'give exactly one of [interval], [rrule] and [cron]';
      if (value.tz !== undefined && value.cron === undefined) return '[tz] goes with [cron]';
      return value.cron === undefined
        ? scheduleError(value as Parameters<typeof scheduleError>[0])
        : undefined;
    },
    meta: { description: 'Makes the task recurring; defaults to the type’s own schedule.' },
  }
);

const isoDateSchema = schema.string({
  validate: (value) =>
    isStorableDate(new Date(value))
      ? undefined
      : 'must be an ISO 8601 date of year 0 to 9999, e.g. 2025-12-01T12:00:00Z',
  meta: { description: 'When to run first (ISO 8601); now when absent.' },
});

/**
 * The body of `POST .../tasks/{id}`: with `schedule`, the type and its params (validated
 * against the type's schema later); the other actions send none. Every key is optional here
 * because a cancel has no body at all (`null` from Kibana, `{}` from the runtime host); the
 * handler refuses a schedule without `type`.
 */
export const scheduleTaskBodySchema = schema.object({
  type: schema.maybe(
    schema.string({
      minLength: 1,
      meta: { description: 'A registered task type; required to schedule.' },
    })
  ),
  params: schema.recordOf(schema.string(), schema.any(), {
    defaultValue: {},
    meta: { description: 'The task type’s params, validated against its params schema.' },
  }),
  runAt: schema.maybe(isoDateSchema),
  schedule: schema.maybe(taskScheduleSchema),
});

export type ScheduleTaskBody = TypeOf<typeof scheduleTaskBodySchema>;

/** The body as routes declare it: absent, null or an object. */
export const taskActionBodySchema = schema.nullable(scheduleTaskBodySchema);

const flag = (description: string) => schema.maybe(schema.boolean({ meta: { description } }));

/** The action flags of `POST .../tasks/{id}`: at most one; none reports the status. */
export const taskActionQuerySchema = schema.object({
  schedule: flag('Schedule (or re-schedule) the task with the body.'),
  cancel: flag('Cancel the task.'),
  acknowledge: flag('Acknowledge the completed task.'),
});

export type TaskActionQuery = TypeOf<typeof taskActionQuerySchema>;

const statusSchema = schema.oneOf(
  BACKGROUND_TASK_STATUSES.filter((status) => status !== 'not_started').map((status) =>
    schema.literal(status)
  ) as [Type<string>]
);

export const listTasksQuerySchema = schema.object(
  {
    type: schema.maybe(
      schema.string({ minLength: 1, meta: { description: 'Only tasks of this type.' } })
    ),
    status: schema.maybe(
      schema.oneOf([statusSchema, schema.arrayOf(statusSchema, { minSize: 1 })], {
        meta: { description: 'Only tasks of this status, or of any of these statuses.' },
      })
    ),
    page: schema.number({
      defaultValue: 1,
      min: 1,
      max: 10_000,
      meta: { description: '1-based.' },
    }),
    perPage: schema.number({ defaultValue: 20, min: 1, max: 1000 }),
  },
  {
    validate: ({ page, perPage }) =>
      page * perPage > MAX_LIST_RESULT_WINDOW
        ? `[page] × [perPage] must be at most ${MAX_LIST_RESULT_WINDOW} (Elasticsearch's result window)`
        : undefined,
  }
);

export type ListTasksQuery = TypeOf<typeof listTasksQuerySchema>;

/**
 * Tasks per bulk schedule. 1,000 keeps one request's tracking `_bulk` about a megabyte (with
 * small params), well inside Elasticsearch's limits and a route's timeout, and is what the
 * dispatcher takes in one notify: a bigger batch is several requests anyway.
 */
export const MAX_BULK_SCHEDULE_TASKS = 1000;

/** The body of `POST .../tasks/_bulk_schedule`: each item as a single schedule's, with its id. */
export const bulkScheduleBodySchema = schema.object({
  tasks: schema.arrayOf(
    schema.object({
      id: taskIdSchema,
      type: schema.string({ minLength: 1, meta: { description: 'A registered task type.' } }),
      params: scheduleTaskBodySchema.getPropSchemas().params,
      runAt: schema.maybe(isoDateSchema),
      schedule: schema.maybe(taskScheduleSchema),
    }),
    {
      minSize: 1,
      maxSize: MAX_BULK_SCHEDULE_TASKS,
      meta: { description: `The tasks to schedule, at most ${MAX_BULK_SCHEDULE_TASKS}.` },
    }
  ),
});

export type BulkScheduleBody = TypeOf<typeof bulkScheduleBodySchema>;
