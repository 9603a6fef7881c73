// The dispatcher's configuration: one schema with defaults and bounds, read from YAML with
// environment overrides; a bad setting stops start-up with a message naming the key.
import { readFileSync } from 'node:fs';
import Joi from 'joi';
import { parse as parseYaml } from 'yaml';
import { DISPATCHER_INDEX, NODES_INDEX } from '../../common/push/push_protocol';

export interface DispatcherConfig {
  /**
   * This dispatcher's id, written as the lease holder. Must differ between dispatchers.
   * @defaultValue a random id per process
   */
  id?: string;
  elasticsearch: {
    /** Elasticsearch URLs. @defaultValue ['http://127.0.0.1:9200'] */
    hosts: string[];
    /** basic-auth user, with `password`. @defaultValue none */
    username?: string;
    /** basic-auth password, with `username`. @defaultValue none */
    password?: string;
    /** base64 API key (`id:key` encoded). @defaultValue none */
    api_key?: string;
    /** per-request timeout, in ms. @defaultValue 10000 */
    request_timeout_ms: number;
  };
  indices: {
    /** Task Manager's index (Kibana saved-object task documents). @defaultValue '.kibana_task_manager' */
    tasks: string;
    /** tracking documents, one per task id. @defaultValue '.kibana_background_tasks' */
    tracking: string;
    /** node heartbeat documents. @defaultValue NODES_INDEX */
    nodes: string;
    /** the leader lease document. @defaultValue DISPATCHER_INDEX */
    dispatcher: string;
  };
  /** Task Manager scope of the tasks this dispatcher serves. @defaultValue 'backgroundTasks' */
  scope: string;
  poll: {
    /** pause between two due-task queries when there is no backlog, in ms. @defaultValue 500 */
    interval_ms: number;
    /** pause between two queries while due tasks wait (batch full or nodes full), in ms. @defaultValue 50 */
    backlog_interval_ms: number;
    /** due tasks read per query; the query's cost depends on this, not on the backlog. @defaultValue 100 */
    batch_size: number;
  };
  lease: {
    /**
     * how long a lease lasts after each renewal, in ms. A standby takes over at most this plus
     * one renew interval after the leader died. @defaultValue DEFAULT_LEASE.duration_ms (3000)
     */
    duration_ms: number;
    /**
     * how often the leader renews and standbys look at the lease, in ms: the leader gets
     * (duration − safety margin) / interval tries before it must step down.
     * @defaultValue DEFAULT_LEASE.renew_interval_ms (500)
     */
    renew_interval_ms: number;
    /**
     * the leader stops claiming this long before its lease could lapse (local monotonic
     * clock), in ms: must exceed clock skew between dispatchers plus one claim request.
     * @defaultValue DEFAULT_LEASE.safety_margin_ms (1000)
     */
    safety_margin_ms: number;
  };
  nodes: {
    /**
     * a node unseen for this many of its heartbeat intervals is dropped (each node writes its
     * `push.heartbeat_interval_ms` into its node document). @defaultValue 3
     */
    missed_heartbeats: number;
    /** how often node documents are re-read, in ms. @defaultValue 1000 */
    refresh_interval_ms: number;
  };
  push: {
    /** the nodes' `push.token`, sent to `_run_now` as a bearer token. Never logged. Required. */
    token: string;
    /**
     * a Kibana API key (base64 `id:key`) for nodes with Kibana security: sent as
     * `Authorization: ApiKey`, the token then in `x-background-tasks-push-token`. Its role needs
     * the `backgroundTasksDispatcher` feature on all spaces. Never logged.
     */
    api_key?: string;
    /** how long a push may take before the claim is released, in ms. @defaultValue 5000 */
    timeout_ms: number;
    /**
     * first back-off of a node after a failed push, and of a task after a node refused it
     * (409), in ms; doubles per failure. @defaultValue 1000
     */
    backoff_initial_ms: number;
    /** longest back-off of a node or a refused task, in ms. @defaultValue 30000 */
    backoff_max_ms: number;
  };
  http: {
    /** interface the HTTP server (/health, /metrics, /notify) listens on. @defaultValue '127.0.0.1' */
    host: string;
    /** its port; 0 picks a free one. @defaultValue 5700 */
    port: number;
    /** URL nodes use to reach this dispatcher (written in the lease). @defaultValue http://host:port */
    public_url?: string;
  };
  /**
   * The retention sweep the leader runs. How long tracking documents are kept is the nodes'
   * `xpack.background_tasks.retention.*` (stamped in each document as it finishes).
   */
  retention: {
    /** how often the leader sweeps, in ms; 0 turns the sweep off. @defaultValue 60000 */
    sweep_interval_ms: number;
    /** documents searched, then deleted in one fenced `_bulk`, per batch. @defaultValue 500 */
    batch_size: number;
    /** most batches per index and sweep; a larger backlog waits for the next. @defaultValue 20 */
    max_batches: number;
    /**
     * a failed task document (Task Manager's, of this `scope`) last updated longer ago than
     * this is deleted, in ms; 0 keeps them. @defaultValue 604800000 (7 days)
     */
    failed_tasks_ms: number;
    /**
     * copy each document into a dated archive index (`<index>-archive-YYYY.MM.DD`, UTC) before
     * deleting it, for users who need the history; a document that could not be archived is
     * kept. @defaultValue false
     */
    archive: boolean;
  };
  logging: {
    /** lowest level written. @defaultValue 'info' */
    level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  };
}

const ms = (min: number, def: number) => Joi.number().integer().min(min).default(def);

/**
 * The lease timings: a standby takes over within 3.5 s of the leader's death (the lease, then
 * its next look), and a leader renews 4 times before it would have to step down, so one slow
 * Elasticsearch write does not cost the lead. Longer leases only make failover slower: fencing
 * by sequence number, not the lease, keeps two leaders' claims apart.
 */
export const DEFAULT_LEASE = { duration_ms: 3000, renew_interval_ms: 500, safety_margin_ms: 1000 };

export const configSchema = Joi.object({
  id: Joi.string().min(1),
  elasticsearch: Joi.object({
    hosts: Joi.array()
      .items(Joi.string().uri({ scheme: ['http', 'https'] }))
      .min(1)
      .single()
      .default(['http://127.0.0.1:9200']),
    username: Joi.string(),
    password: Joi.string(),
    api_key: Joi.string(),
    request_timeout_ms: ms(100, 10_000),
  })
    .and('username', 'password')
    .default(),
  indices: Joi.object({
    tasks: Joi.string().default('.kibana_task_manager'),
    tracking: Joi.string().default('.kibana_background_tasks'),
    nodes: Joi.string().default(NODES_INDEX),
    dispatcher: Joi.string().default(DISPATCHER_INDEX),
  }).default(),
  scope: Joi.string().default('backgroundTasks'),
  poll: Joi.object({
    // Kibana's Task Manager polls every 500 ms (xpack.task_manager.poll_interval): a task whose
    // runAt comes is found no later here than there.
    interval_ms: ms(10, 500),
    backlog_interval_ms: ms(0, 50),
    batch_size: Joi.number().integer().min(1).max(10_000).default(100),
  }).default(),
  lease: Joi.object({
    duration_ms: ms(500, DEFAULT_LEASE.duration_ms),
    renew_interval_ms: ms(50, DEFAULT_LEASE.renew_interval_ms),
    safety_margin_ms: ms(50, DEFAULT_LEASE.safety_margin_ms),
  }).default(),
  nodes: Joi.object({
    missed_heartbeats: Joi.number().integer().min(1).default(3),
    refresh_interval_ms: ms(50, 1000),
  }).default(),
  push: Joi.object({
    token: Joi.string().min(1).required(),
    api_key: Joi.string().min(1),
    timeout_ms: ms(10, 5000),
    backoff_initial_ms: ms(1, 1000),
    backoff_max_ms: ms(1, 30_000),
  }).required(),
  http: Joi.object({
    host: Joi.string().default('127.0.0.1'),
    port: Joi.number().integer().min(0).max(65_535).default(5700),
    public_url: Joi.string().uri({ scheme: ['http', 'https'] }),
  }).default(),
  retention: Joi.object({
    sweep_interval_ms: ms(0, 60_000),
    batch_size: Joi.number().integer().min(1).max(10_000).default(500),
    max_batches: Joi.number().integer().min(1).default(20),
    failed_tasks_ms: ms(0, 7 * 24 * 60 * 60 * 1000),
    archive: Joi.boolean().default(false),
  }).default(),
  logging: Joi.object({
    level: Joi.string().valid('debug', 'info', 'warn', 'error', 'silent').default('info'),
  }).default(),
}).prefs({ abortEarly: false, convert: true });

/** A configuration that cannot be used; the message names every bad key. */
export class ConfigError extends Error {
  public override readonly name = 'ConfigError';
  constructor(
    message: string,
    public readonly keys: string[]
  ) {
    super(message);
  }
}

/** Environment variables `DISPATCHER_<SECTION>__<KEY>` override the file, e.g. DISPATCHER_POLL__INTERVAL_MS. */
export const ENV_PREFIX = 'DISPATCHER_';

/** The environment variable that sets `key` (e.g. push.token → DISPATCHER_PUSH__TOKEN). */
export function envNameOf(key: string): string {
  return ENV_PREFIX + key.toUpperCase().split('.').join('__');
}

/** Applies the overrides to `raw`; answers which key each variable set, to name it in errors. */
function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const setBy = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined) continue;
    const path = name.slice(ENV_PREFIX.length).toLowerCase().split('__');
    let target = raw;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (next === undefined || next === null) target[key] = {};
      else if (typeof next !== 'object' || Array.isArray(next)) {
        throw new ConfigError(`${name}: "${path.join('.')}" is not a section`, [path.join('.')]);
      }
      target = target[key] as Record<string, unknown>;
    }
    // YAML scalars: numbers, booleans and [lists] convert as they would in the file.
    target[path[path.length - 1]] = parseYaml(value) ?? value;
    setBy.set(path.join('.'), name);
  }
  return setBy;
}

function checkCrossFields(config: DispatcherConfig) {
  const { duration_ms, renew_interval_ms, safety_margin_ms } = config.lease;
  if (safety_margin_ms >= duration_ms) {
    throw new ConfigError(
      `lease.safety_margin_ms (${safety_margin_ms}) must be less than lease.duration_ms (${duration_ms})`,
      ['lease.safety_margin_ms']
    );
  }
  // A leader renewing later than this would stop claiming before each renewal.
  if (renew_interval_ms >= duration_ms - safety_margin_ms) {
    throw new ConfigError(
      `lease.renew_interval_ms (${renew_interval_ms}) must be less than lease.duration_ms - lease.safety_margin_ms (${duration_ms - safety_margin_ms})`,
      ['lease.renew_interval_ms']
    );
  }
  if (config.push.backoff_max_ms < config.push.backoff_initial_ms) {
    throw new ConfigError(
      `push.backoff_max_ms must be at least push.backoff_initial_ms (${config.push.backoff_initial_ms})`,
      ['push.backoff_max_ms']
    );
  }
}

/** Validates a raw configuration object (as parsed from YAML) plus environment overrides. */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = {}): DispatcherConfig {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ConfigError('the configuration must be a YAML mapping', ['(root)']);
  }
  const merged = structuredClone((raw ?? {}) as Record<string, unknown>);
  const setBy = applyEnvOverrides(merged, env);
  // A missing `push` section is reported as its one required key, push.token.
  merged.push ??= {};
  const { value, error } = configSchema.validate(merged);
  if (error) {
    const keys = error.details.map((detail) => detail.path.join('.'));
    // Where to fix it: the variable that set the key, or both places for a missing one.
    const origin = (key: string, type: string) => {
      const variable = [...setBy].find(([path]) => key === path || key.startsWith(`${path}.`));
      if (variable) return ` (from the environment variable ${variable[1]})`;
      if (type === 'any.required') return ` (set it in the file, or with ${envNameOf(key)})`;
      return '';
    };
    const lines = error.details.map((detail) => {
      const key = detail.path.join('.');
      return `${key}: ${detail.message}${origin(key, detail.type)}`;
    });
    throw new ConfigError(`Invalid dispatcher configuration:\n  ${lines.join('\n  ')}`, keys);
  }
  const config = value as DispatcherConfig;
  checkCrossFields(config);
  return config;
}

/** Reads and validates a YAML configuration file. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): DispatcherConfig {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Cannot read configuration file ${file}: ${message}`, ['(file)']);
  }
  return parseConfig(raw, env);
}

/** The configuration as it may be logged: the token and passwords replaced. */
export function redactConfig(config: DispatcherConfig): unknown {
  return {
    ...config,
    elasticsearch: {
      ...config.elasticsearch,
      password: config.elasticsearch.password && '[redacted]',
      api_key: config.elasticsearch.api_key && '[redacted]',
    },
    push: { ...config.push, token: '[redacted]', api_key: config.push.api_key && '[redacted]' },
  };
}
