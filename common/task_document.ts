// How a Task Manager task is stored: Kibana's saved-object layout in the task index, and back.
import type {
  ConcreteTaskInstance,
  SerializedConcreteTaskInstance,
  TaskInstance,
} from '@kbn/task-manager-plugin/server/task';

/** The saved-object type of task documents (`_source.type`). */
export const TASK_SO_TYPE = 'task';

/** Kibana's default task index. */
export const DEFAULT_TASK_INDEX = '.kibana_task_manager';

/** Tasks hash into this many partitions (`task.partition`), as in Kibana. */
export const TASK_PARTITIONS = 256;

/** The saved-object core migration version every document of Kibana 8.8+ carries. */
export const CORE_MIGRATION_VERSION = '8.8.0';

/**
 * The `task` type's latest model version in Kibana 9.3 (8, which added the `cost` mapping), as
 * saved objects record it (`10.<model version>.0`). Kibana:
 * x-pack/platform/plugins/shared/task_manager/server/saved_objects/model_versions/task_model_versions.ts;
 * 9 (`uiamApiKey`) came in 2026, after 9.3 (packages/kbn-check-saved-objects-cli fixtures task/10.9.0.json).
 */
export const TASK_TYPE_MIGRATION_VERSION = '10.8.0';

/** The `_source` of a task document. */
export interface TaskDocumentSource {
  type: typeof TASK_SO_TYPE;
  task: SerializedConcreteTaskInstance;
  references: [];
  /** ISO date of the last full write */
  updated_at: string;
  /** ISO date of creation */
  created_at?: string;
  coreMigrationVersion?: string;
  typeMigrationVersion?: string;
  managed?: boolean;
}

/** The parts of a search/get hit that a task is read from. */
export interface TaskDocumentHit {
  _id?: string;
  _source?: unknown;
  _seq_no?: number;
  _primary_term?: number;
}

/** The `if_seq_no`/`if_primary_term` pair a version string stands for. */
export interface DecodedVersion {
  if_seq_no: number;
  if_primary_term: number;
}

/** The document `_id` of task `id`: `task:<id>`. */
export function taskDocumentId(id: string): string {
  return `${TASK_SO_TYPE}:${id}`;
}

/** The task id of a document `_id` (the part after `task:`). */
export function taskIdFromDocumentId(documentId: string): string {
  const prefix = `${TASK_SO_TYPE}:`;
  return documentId.startsWith(prefix) ? documentId.slice(prefix.length) : documentId;
}

/**
 * The saved-object version string of a document: base64 of the JSON `[seqNo, primaryTerm]`,
 * exactly as Kibana encodes it, so versions pass between Kibana, the runtime and the dispatcher.
 */
export function encodeVersion(seqNo: number | undefined, primaryTerm: number | undefined): string {
  if (!Number.isInteger(seqNo)) throw new TypeError('_seq_no must be an integer');
  if (!Number.isInteger(primaryTerm)) throw new TypeError('_primary_term must be an integer');
  return btoa(JSON.stringify([seqNo, primaryTerm]));
}

/** The fence of a version string made by {@link encodeVersion}; throws on anything else. */
export function decodeVersion(version: string): DecodedVersion {
  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(version));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !Number.isInteger(parsed[0]) ||
    !Number.isInteger(parsed[1])
  ) {
    throw new TypeError(`Invalid version "${version}": not a saved-object version string`);
  }
  return { if_seq_no: parsed[0], if_primary_term: parsed[1] };
}

/** MurmurHash3 (x86, 32 bit, seed 0) of the UTF-8 bytes of `text`, as Kibana partitions ids. */
function murmurhash3(text: string): number {
  const bytes = new TextEncoder().encode(text);
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = 0;
  const tail = bytes.length & ~3;
  for (let i = 0; i < tail; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k = 0;
    for (let i = rest - 1; i >= 0; i--) k = (k << 8) | bytes[tail + i];
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The partition Kibana assigns to task `id`. */
export function getTaskPartition(id: string): number {
  return murmurhash3(id) % TASK_PARTITIONS;
}

/**
 * The stored `task` attributes of a task instance: dates as ISO strings, `params` and `state`
 * as JSON strings, defaults for what a new task lacks (attempts 0, status idle, now).
 */
export function taskInstanceToAttributes(
  task: TaskInstance & Partial<Pick<ConcreteTaskInstance, 'attempts' | 'status'>>,
  id: string,
  now: Date = new Date()
): SerializedConcreteTaskInstance {
  const { id: _id, version: _version, ...rest } = task as TaskInstance & { version?: string };
  const attributes = {
    ...rest,
    params: JSON.stringify(task.params ?? {}),
    state: JSON.stringify(task.state ?? {}),
    attempts: task.attempts ?? 0,
    scheduledAt: (task.scheduledAt ?? now).toISOString(),
    startedAt: task.startedAt ? task.startedAt.toISOString() : null,
    retryAt: task.retryAt ? task.retryAt.toISOString() : null,
    runAt: (task.runAt ?? now).toISOString(),
    status: task.status ?? 'idle',
    partition: task.partition ?? getTaskPartition(id),
    traceparent: task.traceparent ?? '',
    ownerId: task.ownerId ?? null,
  };
  // `apiKey` is a secret Kibana encrypts; this runtime never stores one.
  delete (attributes as { apiKey?: string }).apiKey;
  return attributes as SerializedConcreteTaskInstance;
}

/** The whole `_source` of a task document, as Kibana's saved-objects repository writes it. */
export function taskToDocumentSource(
  task: TaskInstance & Partial<Pick<ConcreteTaskInstance, 'attempts' | 'status'>>,
  id: string,
  now: Date = new Date(),
  createdAt?: string
): TaskDocumentSource {
  return {
    type: TASK_SO_TYPE,
    task: taskInstanceToAttributes(task, id, now),
    references: [],
    updated_at: now.toISOString(),
    ...(createdAt ? { created_at: createdAt } : {}),
    coreMigrationVersion: CORE_MIGRATION_VERSION,
    typeMigrationVersion: TASK_TYPE_MIGRATION_VERSION,
    managed: false,
  };
}

function parseJsonField(json: unknown, field: string, id: string): Record<string, unknown> {
  if (json == null || json === '') return {};
  if (typeof json !== 'string') return json as Record<string, unknown>;
  try {
    return JSON.parse(json);
  } catch {
    throw new Error(`Task "${id}"'s ${field} field has invalid JSON: ${json}`);
  }
}

/** Whether a hit is a task document (a saved object of type `task`). */
export function isTaskDocument(hit: TaskDocumentHit): boolean {
  const source = hit._source as Partial<TaskDocumentSource> | undefined;
  return source?.type === TASK_SO_TYPE && typeof source.task === 'object' && source.task != null;
}

/** The task instance a stored attributes object describes. */
export function attributesToTaskInstance(
  attributes: SerializedConcreteTaskInstance,
  id: string,
  version?: string
): ConcreteTaskInstance {
  return {
    ...attributes,
    id,
    ...(version ? { version } : {}),
    scheduledAt: new Date(attributes.scheduledAt),
    runAt: new Date(attributes.runAt),
    startedAt: attributes.startedAt ? new Date(attributes.startedAt) : null,
    retryAt: attributes.retryAt ? new Date(attributes.retryAt) : null,
    state: parseJsonField(attributes.state, 'state', id),
    params: parseJsonField(attributes.params, 'params', id),
  } as ConcreteTaskInstance;
}

/**
 * The task instance of a search or get hit, with `version` encoding its seq_no/primary_term
 * (present when the request asked for them).
 */
export function documentToTaskInstance(hit: TaskDocumentHit): ConcreteTaskInstance {
  if (!hit._id || !isTaskDocument(hit)) {
    throw new Error(`Document "${hit._id}" is not a task saved object`);
  }
  const source = hit._source as TaskDocumentSource;
  const version =
    hit._seq_no != null && hit._primary_term != null
      ? encodeVersion(hit._seq_no, hit._primary_term)
      : undefined;
  return attributesToTaskInstance(source.task, taskIdFromDocumentId(hit._id), version);
}
