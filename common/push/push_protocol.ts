// The wire contract between the dispatcher and the nodes: node heartbeats, the leader lease,
// the push to `_run_now` and the dispatcher's notify endpoint.
import type { NotifiedTask } from './notified_task';

/** Index of node heartbeat documents, one per Kibana node running the plugin (`_id` = node id). */
export const NODES_INDEX = '.kibana_background_tasks_nodes';

/** Index holding the dispatchers' leader lease (one document, `_id` = LEADER_LEASE_ID). */
export const DISPATCHER_INDEX = '.kibana_background_tasks_dispatcher';
export const LEADER_LEASE_ID = 'leader';

/** The node route the dispatcher pushes a claimed task to. */
export const RUN_NOW_PATH = '/internal/background_tasks/_run_now';

/** The dispatcher route a node calls after scheduling a task that is due now. */
export const DISPATCHER_NOTIFY_PATH = '/notify';

/** Default of the nodes' `push.heartbeat_interval_ms` setting (documented there), in ms. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 2000;
/** Upper bound of that setting, in ms: the dispatcher reads node documents this recent. */
export const MAX_HEARTBEAT_INTERVAL_MS = 60_000;

/** What a node can run, as it heartbeats it; the dispatcher plans capacity from this. */
export interface NodeTaskType {
  /** the type's timeout, in Task Manager's duration format, e.g. '5m' */
  timeout: string;
  /** the type's `maxAttempts`, or DEFAULT_MAX_ATTEMPTS (common/task_defaults.ts) when it sets none */
  max_attempts: number;
  /** cost units of one running task of this type (Task Manager's TaskCost) */
  cost: number;
  /**
   * at most this many tasks of the type running on this node (the type's `maxConcurrency`, per
   * Kibana node as in Task Manager); absent = no limit
   */
  max_node_concurrency?: number;
  /**
   * at most this many tasks of the type running across the cluster (the type's
   * `maxClusterConcurrency`); absent = no limit. Nodes that disagree: the lowest wins.
   */
  max_cluster_concurrency?: number;
}

/**
 * A node heartbeat document in NODES_INDEX. A node not seen for the dispatcher's
 * `nodes.missed_heartbeats` of its own `heartbeat_interval_ms` is gone.
 */
export interface NodeDocument {
  /** the node's server uuid: the `ownerId` of the tasks claimed for it */
  id: string;
  /** base URL the dispatcher pushes to, e.g. http://127.0.0.1:5601 */
  push_url: string;
  /** total cost units the node runs at once */
  capacity: number;
  /**
   * cost units of pushed tasks the node accepts beyond `capacity`, to start as its runs end
   * (its `push.queue_capacity`); absent in a document of an older node, read as 0
   */
  queue_capacity?: number;
  task_types: Record<string, NodeTaskType>;
  /**
   * how often the node rewrites this document (its `push.heartbeat_interval_ms`), in ms;
   * absent in a document of an older node, read as DEFAULT_HEARTBEAT_INTERVAL_MS
   */
  heartbeat_interval_ms?: number;
  /** ISO date of the last heartbeat */
  last_seen: string;
  /**
   * Ids of the claimed tasks this node vouches for: running within their timeout, or ended with
   * an outcome still being written. The dispatcher does not re-dispatch an expired claim its
   * live owner vouches for (docs/outcomes_through_outages.md). At most MAX_VOUCHED_TASKS.
   */
  vouched_tasks?: string[];
}

/** The most task ids a node document vouches for; a node never runs this many at once. */
export const MAX_VOUCHED_TASKS = 10_000;

/** The leader lease document in DISPATCHER_INDEX, renewed with if_seq_no/if_primary_term. */
export interface LeaderLeaseDocument {
  /** the holding dispatcher's id */
  holder: string;
  /** grows by one on every takeover */
  term: number;
  /** ISO date after which another dispatcher may take the lease */
  expires_at: string;
  /** base URL of the leader's HTTP server (for `DISPATCHER_NOTIFY_PATH`), when it has one */
  url?: string;
}

/**
 * The header carrying the plugin's push token when `Authorization` cannot: in a Kibana with
 * security, `Authorization` authenticates the caller (the dispatcher's `ApiKey`) before any
 * route runs.
 */
export const PUSH_TOKEN_HEADER = 'x-background-tasks-push-token';

/**
 * Body of `POST RUN_NOW_PATH`. The claim is the task document's version right after the
 * dispatcher's fenced claim; the node runs the task only if its realtime read still shows
 * exactly this claim (status running, ownerId = this node, same seq_no and primary_term).
 * The push token travels as `Authorization: Bearer <token>`; with Kibana security on,
 * `Authorization` carries the dispatcher's API key (whose role grants the
 * `backgroundTasksDispatcher` feature) and the token moves to PUSH_TOKEN_HEADER.
 */
export interface RunNowRequestBody {
  /** the Task Manager task id (without the `task:` prefix) */
  id: string;
  type: string;
  claim: {
    owner_id: string;
    seq_no: number;
    primary_term: number;
  };
}

/**
 * Answers: 202 accepted (running; also for a push of a claim this node already runs), 400 bad
 * body, 401/403 bad credentials, 409 the claim does not hold, the task already runs here under
 * another claim, or this claim already ran here (nothing runs; the dispatcher releases the
 * claim, fenced, and backs off that task only), 429 full and 503 not accepting (with
 * Retry-After; the dispatcher releases the claim).
 *
 * Every answer but 202 means nothing runs, so the dispatcher releases the claim on those only.
 * A push whose answer never came (timeout, broken connection, a proxy's 5xx) may be running:
 * its claim is left to lapse at `retryAt`, as Task Manager leaves a vanished node's claims, and
 * the node fences its finish by the pushed claim's version. Nothing writes between the claim
 * and the finish (docs/writes_per_run.md), so a task runs at most once per claim.
 */
export interface RunNowResponseBody {
  id: string;
  accepted: boolean;
  message?: string;
}

/** Most ids in one notify body's `ids`, and in its `finished`. */
export const MAX_NOTIFY_IDS = 1000;

/**
 * Body of `POST DISPATCHER_NOTIFY_PATH`: tasks that are due now, and the pushed runs that ended
 * on node `node_id` (their capacity is free), so the dispatcher counts its in-flight tasks
 * without re-reading them. All are hints: the dispatcher's poll and a slow reconciliation read
 * find the same facts in Elasticsearch when a notify is lost.
 */
export interface NotifyRequestBody {
  /** due tasks by id: the dispatcher reads them (realtime mget) */
  ids: string[];
  /** due tasks the node has just stored, as stored: claimed without a read (NotifiedTask) */
  tasks?: NotifiedTask[];
  /** ids of pushed runs that ended on `node_id`; requires `node_id` */
  finished?: string[];
  /** the reporting node's id (its server uuid), as in its node document */
  node_id?: string;
}
