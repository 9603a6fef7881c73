// The settings every system gets (npm start, e2e tests, bench): push mode, one shared token, matching indices.
import { randomBytes } from 'node:crypto';
import type { ConfigObject } from '../../runtime/host/config/deep_object';

/** Index names shared by the hosts and the dispatcher; each undefined one keeps its default. */
export interface SystemIndices {
  tasks?: string;
  tracking?: string;
  nodes?: string;
  dispatcher?: string;
}

/** The index names of a system isolated under `prefix` (tests); the defaults when undefined. */
export function systemIndices(prefix?: string): SystemIndices {
  if (prefix === undefined) return {};
  return {
    tasks: `${prefix}-tasks`,
    tracking: `${prefix}-tracking`,
    nodes: `${prefix}-nodes`,
    dispatcher: `${prefix}-dispatcher`,
  };
}

/** Where the system reaches Elasticsearch: one URL, or every node of a cluster. */
export type EsHosts = string | string[];

/** A fresh push token: 32 random bytes, URL-safe. */
export function generatePushToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token as it may be printed: none of it, only its length. */
export function maskToken(token: string): string {
  return `a random ${token.length}-character token, not printed`;
}

function definedEntries(entries: Record<string, string | undefined>): ConfigObject {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

/** Settings of every host (dotted keys): push mode on, Task Manager's own claiming off. */
export function hostConfig(esUrl: EsHosts, token: string, indices: SystemIndices): ConfigObject {
  return {
    'elasticsearch.hosts': esUrl,
    // The node keeps the `background_tasks` role (without it, it would neither heartbeat nor
    // accept pushes); only Task Manager's polling claims are turned off: the dispatcher claims.
    'xpack.task_manager.unsafe.disable_task_claiming': true,
    'xpack.background_tasks.push.enabled': true,
    'xpack.background_tasks.push.token': token,
    ...definedEntries({
      'xpack.task_manager.index': indices.tasks,
      'xpack.background_tasks.task_index': indices.tasks,
      'xpack.background_tasks.tracking_index': indices.tracking,
      'xpack.background_tasks.push.nodes_index': indices.nodes,
      'xpack.background_tasks.push.dispatcher_index': indices.dispatcher,
    }),
  };
}

/** Settings of every host in pull mode (no dispatcher): Task Manager claims, push is off. */
export function pullHostConfig(esUrl: EsHosts, indices: SystemIndices): ConfigObject {
  return {
    'elasticsearch.hosts': esUrl,
    'xpack.task_manager.unsafe.disable_task_claiming': false,
    'xpack.background_tasks.push.enabled': false,
    ...definedEntries({
      'xpack.task_manager.index': indices.tasks,
      'xpack.background_tasks.task_index': indices.tasks,
      'xpack.background_tasks.tracking_index': indices.tracking,
    }),
  };
}

/** The settings of one host: where the dispatcher pushes to it. */
export function nodeConfig(port: number): ConfigObject {
  return { 'xpack.background_tasks.push.url': `http://localhost:${port}` };
}

/** Settings of one section of the dispatcher's YAML file, e.g. `{ poll: { interval_ms: 200 } }`. */
export type DispatcherSections = Record<string, Record<string, unknown>>;

/** `base` with each section's single settings replaced by those of `overrides`. */
export function mergeSections(
  base: DispatcherSections,
  overrides: DispatcherSections = {}
): DispatcherSections {
  const merged = { ...base };
  for (const [name, settings] of Object.entries(overrides))
    merged[name] = { ...merged[name], ...settings };
  return merged;
}

/**
 * The dispatcher's YAML configuration (as an object), without the token: that goes by env.
 * `port` 0 picks a free one (then it has no fixed public URL); `overrides` replace single
 * settings of a section.
 */
export function dispatcherConfig(
  esUrl: EsHosts,
  port: number,
  indices: SystemIndices,
  overrides: DispatcherSections = {}
) {
  const defaults: DispatcherSections = {
    elasticsearch: { hosts: [esUrl].flat() },
    indices: definedEntries({
      tasks: indices.tasks,
      tracking: indices.tracking,
      nodes: indices.nodes,
      dispatcher: indices.dispatcher,
    }),
    nodes: { missed_heartbeats: 3 },
    http: { host: '127.0.0.1', port, ...(port ? { public_url: `http://127.0.0.1:${port}` } : {}) },
    // info at least: the dispatcher's URL is read from its "Dispatcher started" line
    logging: { level: 'info' },
  };
  const sections = mergeSections(defaults, overrides);
  return sections as typeof sections & {
    http: { host: string; port: number; public_url?: string };
  };
}
