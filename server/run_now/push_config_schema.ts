// The `push.*` settings: push execution on this node, its heartbeat and the dispatcher notify.
import { schema, type TypeOf } from '@kbn/config-schema';
import {
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  MAX_HEARTBEAT_INTERVAL_MS,
} from '../../common/push/push_protocol';

/** Kibana's default Task Manager capacity: 10 normal-cost tasks, at 2 cost units each. */
export const DEFAULT_PUSH_CAPACITY = 20;

export const pushConfigSchema = schema.object(
  {
    /**
     * Runs pushed tasks: registers `POST /internal/background_tasks/_run_now`, heartbeats this
     * node into the nodes index so a dispatcher can find it, and notifies the dispatcher
     * leader of tasks scheduled due now. Turn Task Manager's own claiming off on such nodes.
     * @defaultValue false
     */
    enabled: schema.boolean({ defaultValue: false }),
    /**
     * The shared secret the dispatcher sends as `Authorization: Bearer <token>` (or, with Kibana
     * security on, in the `x-background-tasks-push-token` header), compared in constant time. Required when `enabled`. Never logged. With Kibana security the
     * route also requires the `background_tasks_push` privilege (feature
     * `backgroundTasksDispatcher`) of the dispatcher's API key.
     */
    token: schema.maybe(schema.string({ minLength: 16 })),
    /**
     * The base URL the dispatcher pushes to, e.g. `https://kibana-1.internal:5601`.
     * @defaultValue derived from the HTTP server's protocol, host name and port
     */
    url: schema.maybe(schema.uri({ scheme: ['http', 'https'] })),
    /**
     * How much this node runs at once, in Task Manager cost units (a normal task costs 2, a
     * tiny one 1, an extra-large one 10). A push beyond it waits in `queue_capacity`.
     * @defaultValue 20 (Kibana's 10 normal tasks)
     */
    capacity: schema.number({ defaultValue: DEFAULT_PUSH_CAPACITY, min: 1, max: 10_000 }),
    /**
     * How much more this node accepts while it is full, in cost units: those pushes wait on the
     * node and start, oldest first, as its runs end, so the dispatcher's claim and push of the
     * next task overlap the run before it. Nothing more runs at once than `capacity`. A push
     * beyond both is answered 429. 0 turns the queue off.
     * @defaultValue 20 (as much as `capacity`'s default)
     */
    queue_capacity: schema.number({ defaultValue: DEFAULT_PUSH_CAPACITY, min: 0, max: 10_000 }),
    /**
     * How often the node document is rewritten, in milliseconds. The one heartbeat setting: the
     * node writes it into its document, and the dispatcher drops a node unseen for its
     * `nodes.missed_heartbeats` of these intervals.
     * @defaultValue 2000 (DEFAULT_HEARTBEAT_INTERVAL_MS)
     */
    heartbeat_interval_ms: schema.number({
      defaultValue: DEFAULT_HEARTBEAT_INTERVAL_MS,
      min: 100,
      max: MAX_HEARTBEAT_INTERVAL_MS,
    }),
    /**
     * How long a graceful stop waits for aborted runs to end before releasing their claims
     * anyway, in milliseconds. A run that ends later loses its fence and writes nothing.
     * @defaultValue 3000
     */
    shutdown_timeout_ms: schema.number({ defaultValue: 3000, min: 0, max: 60_000 }),
    /**
     * How long the notify call to the dispatcher leader may take, in milliseconds. It is
     * fire-and-forget: the dispatcher's poll finds the task anyway, only later.
     * @defaultValue 1000
     */
    notify_timeout_ms: schema.number({ defaultValue: 1000, min: 10, max: 30_000 }),
    /**
     * How long the leader lease read for notify is reused, in milliseconds.
     * @defaultValue 5000
     */
    leader_cache_ms: schema.number({ defaultValue: 5000, min: 0, max: 300_000 }),
    /**
     * Overrides the node heartbeat index. For the runtime host and tests only.
     * @defaultValue '.kibana_background_tasks_nodes'
     */
    nodes_index: schema.maybe(schema.string({ minLength: 1 })),
    /**
     * Overrides the index of the dispatchers' leader lease. For the runtime host and tests only.
     * @defaultValue '.kibana_background_tasks_dispatcher'
     */
    dispatcher_index: schema.maybe(schema.string({ minLength: 1 })),
  },
  {
    validate: (push) => {
      if (push.enabled && !push.token) {
        return '[push.token] is required when [push.enabled] is true: without it anyone could push tasks';
      }
    },
  }
);

export type PushConfig = TypeOf<typeof pushConfigSchema>;
