// Stores new task documents: one, or many in a single bulk request (each answered on its own).
// Kibana: x-pack/platform/plugins/shared/task_manager/server/task_store.ts (schedule, bulkSchedule)
import type { estypes } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';
import type { ConcreteTaskInstance, TaskInstance } from '@kbn/task-manager-plugin/server/task';
import {
  documentToTaskInstance,
  taskDocumentId,
  taskToDocumentSource,
  type TaskDocumentSource,
} from '../../../../common/task_document';
import type { TaskApiKeySecrets } from './task_api_key_secrets';

/** A task to create, with the id it is stored under. */
export interface NewTask {
  task: TaskInstance;
  id: string;
}

/** One item of a bulk request that Elasticsearch refused: its status and reason. */
export interface BulkItemFailure {
  ok: false;
  id: string;
  status: number;
  error: string;
}

/** The failure of a bulk item, or undefined when it succeeded. */
export function bulkItemFailure(
  id: string,
  item: estypes.BulkResponseItem
): BulkItemFailure | undefined {
  if (!item.error) return undefined;
  return { ok: false, id, status: item.status, error: item.error.reason ?? item.error.type };
}

/** The outcome of one create of a bulk: the stored task, or the status and reason it was not. */
export type BulkCreateResult =
  { ok: true; id: string; task: ConcreteTaskInstance } | BulkItemFailure;

/**
 * The document to store: its API key (if any) only as ciphertext, never in clear. Refused
 * without secrets, as Kibana refuses a key it could not encrypt.
 */
export async function toStoredSource(
  { task, id }: NewTask,
  now: Date,
  secrets: TaskApiKeySecrets | undefined
): Promise<TaskDocumentSource> {
  const source = taskToDocumentSource(task, id, now, now.toISOString());
  if (task.apiKey) {
    if (!secrets) {
      throw new Error(
        'Unable to schedule task(s) with API keys because the Encrypted Saved Objects plugin has not been registered or is missing encryption key.'
      );
    }
    (source.task as { apiKey?: string }).apiKey = await secrets.encrypt(id, task.apiKey);
  }
  return source;
}

/** The task as stored, answered with its key in clear as the caller gave it. */
export function createdTask(
  task: TaskInstance,
  hit: { _id: string; _seq_no?: number; _primary_term?: number },
  source: TaskDocumentSource
): ConcreteTaskInstance {
  const { apiKey: _encrypted, ...created } = documentToTaskInstance({ ...hit, _source: source });
  return task.apiKey ? { ...created, apiKey: task.apiKey } : created;
}

/**
 * Creates the tasks in one `_bulk` of `create` operations: a taken id fails its own item
 * (409), not the others. One result per task, in order.
 */
export async function bulkCreateTasks(
  esClient: ElasticsearchClient,
  index: string,
  secrets: TaskApiKeySecrets | undefined,
  tasks: NewTask[],
  now = new Date()
): Promise<BulkCreateResult[]> {
  if (tasks.length === 0) return [];
  const sources = await Promise.all(tasks.map((task) => toStoredSource(task, now, secrets)));
  const response = await esClient.bulk({
    index,
    refresh: false,
    operations: tasks.flatMap(({ id }, i) => [{ create: { _id: taskDocumentId(id) } }, sources[i]]),
  });
  return response.items.map((item, i): BulkCreateResult => {
    const { id, task } = tasks[i];
    const result = item.create!;
    return (
      bulkItemFailure(id, result) ?? {
        ok: true,
        id,
        task: createdTask(task, { ...result, _id: result._id! }, sources[i]),
      }
    );
  });
}
