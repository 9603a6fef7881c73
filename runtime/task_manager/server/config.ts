// The settings of the runtime's Task Manager (`xpack.task_manager.*`), with Kibana's defaults.
import { schema } from '@kbn/config-schema';
import type { TypeOf } from '@kbn/config-schema';
import { DEFAULT_TASK_INDEX } from '../../../common/task_document';

/** Kibana's default capacity: 10 normal-cost tasks. */
export const DEFAULT_CAPACITY = 10;
/** Kibana's default poll interval of the mget claimer, in ms. */
export const DEFAULT_POLL_INTERVAL = 500;

export const configSchema = schema.object({
  /**
   * How often this node looks for due tasks to claim, in milliseconds, counted from the start of
   * one claim cycle to the next. Kibana lengthens it to 3000 ms while the node's capacity use,
   * sampled every 10 s and averaged over the last 15000 / poll_interval samples, is under 25%.
   * @defaultValue 500
   */
  poll_interval: schema.number({ defaultValue: DEFAULT_POLL_INTERVAL, min: 100 }),
  /**
   * Treat every `schedule` and `runSoon` as newer Kibana's `{ requestImmediateClaim: true }`:
   * this node runs a claim cycle at once instead of at its next poll (runtime-only, for a
   * baseline of Kibana with claim nudges; a caller can also pass the option itself).
   * @defaultValue false
   */
  request_immediate_claim: schema.boolean({ defaultValue: false }),
  /**
   * How many normal-cost tasks this node runs at once; in cost units that is twice as many
   * (a normal task costs 2, a tiny one 1, an extra-large one 10).
   * @defaultValue 10
   */
  capacity: schema.number({ defaultValue: DEFAULT_CAPACITY, min: 5, max: 50 }),
  /**
   * How many times a one-shot task is attempted before it fails for good, for task types that
   * set no `maxAttempts` (a count).
   * @defaultValue 3
   */
  max_attempts: schema.number({ defaultValue: 3, min: 1 }),
  /**
   * The task index (runtime-only: Kibana's is fixed). Tests give each suite its own.
   * @defaultValue '.kibana_task_manager'
   */
  index: schema.string({
    defaultValue: DEFAULT_TASK_INDEX,
    minLength: 1,
    validate: (value) =>
      value === value.toLowerCase() && !/[\s,"*\\/<>|?#]/.test(value)
        ? undefined
        : `"${value}" is not a valid Elasticsearch index name`,
  }),
  unsafe: schema.object({
    /**
     * Stop this node from claiming tasks (push mode: a dispatcher claims and pushes them).
     * Kibana 9 does the same when `node.roles` leaves out `background_tasks`.
     * @defaultValue false
     */
    disable_task_claiming: schema.boolean({ defaultValue: false }),
    /**
     * Task types this node never claims, as glob patterns (`*` any run of characters, `?` one).
     * @defaultValue []
     */
    exclude_task_types: schema.arrayOf(schema.string(), { defaultValue: [] }),
  }),
});

export type TaskManagerConfig = TypeOf<typeof configSchema>;
