// Reads and writes task documents in the task index, every update fenced by seq_no/primary_term.
import type { estypes } from '@elastic/elasticsearch';
import type { ElasticsearchClient, SavedObjectsBulkDeleteResponse } from '@kbn/core/server';
import type { FetchResult, SearchOpts } from '@kbn/task-manager-plugin/server/task_store';
import type {
  ConcreteTaskInstance,
  ConcreteTaskInstanceVersion,
  TaskInstance,
} from '@kbn/task-manager-plugin/server/task';
import {
  TASK_SO_TYPE,
  decodeVersion,
  documentToTaskInstance,
  encodeVersion,
  isTaskDocument,
  taskDocumentId,
  taskIdFromDocumentId,
  taskInstanceToAttributes,
} from '../../../common/task_document';
import type { TaskDocumentSource } from '../../../common/task_document';
import { toBulkOperations } from '../../../common/task_lifecycle';
import type { TaskFence, TaskWrite } from '../../../common/task_lifecycle';
import { TaskConflictError, TaskNotFoundError, TaskStoreError, toError } from './errors';
import { getTaskIndexMappings, TASK_INDEX_SETTINGS } from './saved_objects/task_index_mappings';
import {
  bulkCreateTasks,
  bulkItemFailure,
  createdTask,
  toStoredSource,
  type BulkCreateResult,
  type BulkItemFailure,
  type NewTask,
} from './lib/bulk_create_tasks';
import {
  apiKeyIdsToInvalidate,
  withDecryptedApiKeys,
  type TaskApiKeySecrets,
} from './lib/task_api_key_secrets';

export type { TaskApiKeySecrets } from './lib/task_api_key_secrets';
export type { BulkCreateResult, NewTask } from './lib/bulk_create_tasks';

/** Result of one fenced write of a bulk request. */
export type BulkWriteResult = { ok: true; id: string; version: string } | BulkItemFailure;

function statusOf(error: unknown): number | undefined {
  const { statusCode, meta } = (error ?? {}) as {
    statusCode?: number;
    meta?: { statusCode?: number };
  };
  return meta?.statusCode ?? statusCode;
}

function errorTypeOf(error: unknown): string | undefined {
  const body = (error as { meta?: { body?: { error?: { type?: string } } } })?.meta?.body;
  return body?.error?.type;
}

function onlyTasks(query?: estypes.QueryDslQueryContainer): estypes.QueryDslQueryContainer {
  const isTask = { term: { type: TASK_SO_TYPE } };
  return query ? { bool: { must: [isTask, query] } } : isTask;
}

export class TaskStore {
  constructor(
    private readonly esClient: ElasticsearchClient,
    public readonly index: string,
    private readonly secrets?: TaskApiKeySecrets
  ) {}

  private withDecryptedApiKeys<T extends ConcreteTaskInstance | undefined>(
    tasks: T[]
  ): Promise<T[]> {
    return this.secrets ? withDecryptedApiKeys(this.secrets, tasks) : Promise.resolve(tasks);
  }

  /**
   * Creates the task index with Kibana's mappings unless it exists. Safe when several nodes
   * start at once: the loser of the race sees `resource_already_exists_exception`, possibly
   * before the winner's primary shard has started, so it waits for that shard before the first
   * claim searches (which would fail with "all shards failed"). Yellow would not do: a new index
   * whose primary is still unassigned already counts as yellow.
   */
  public async ensureIndex(): Promise<void> {
    try {
      await this.esClient.indices.create({
        index: this.index,
        mappings: getTaskIndexMappings(),
        settings: TASK_INDEX_SETTINGS,
      });
      return;
    } catch (error) {
      if (errorTypeOf(error) !== 'resource_already_exists_exception') throw toError(error);
    }
    const health = await this.esClient.cluster.health({
      index: this.index,
      wait_for_active_shards: Number(TASK_INDEX_SETTINGS.number_of_shards ?? 1),
      timeout: '30s',
    });
    if (health.timed_out) throw new Error(`The task index ${this.index} has no active shard`);
  }

  /** Stores a new task; a task with the same id makes it fail with a 409 TaskConflictError. */
  public async create(
    task: TaskInstance,
    id: string,
    now = new Date()
  ): Promise<ConcreteTaskInstance> {
    const source = await toStoredSource({ task, id }, now, this.secrets);
    try {
      const response = await this.esClient.index({
        index: this.index,
        id: taskDocumentId(id),
        op_type: 'create',
        document: source,
        refresh: false,
      });
      return createdTask(task, response, source);
    } catch (error) {
      if (statusOf(error) === 409) throw new TaskConflictError(id, { cause: error });
      throw toError(error);
    }
  }

  /** Stores new tasks in one bulk request; one result per task, in order (a taken id: 409). */
  public bulkCreate(tasks: NewTask[], now = new Date()): Promise<BulkCreateResult[]> {
    return bulkCreateTasks(this.esClient, this.index, this.secrets, tasks, now);
  }

  /** A task by id (realtime); a 404 TaskNotFoundError when there is none. */
  public async get(id: string): Promise<ConcreteTaskInstance> {
    try {
      const response = await this.esClient.get<TaskDocumentSource>({
        index: this.index,
        id: taskDocumentId(id),
      });
      if (!isTaskDocument(response)) throw new TaskNotFoundError(id);
      const [task] = await this.withDecryptedApiKeys([documentToTaskInstance(response)]);
      return task;
    } catch (error) {
      if (error instanceof TaskStoreError) throw error;
      if (statusOf(error) === 404) throw new TaskNotFoundError(id, { cause: error });
      throw toError(error);
    }
  }

  /** Tasks by id (realtime), in order; undefined for the ones that do not exist. */
  public async bulkGet(ids: string[]): Promise<Array<ConcreteTaskInstance | undefined>> {
    if (ids.length === 0) return [];
    const response = await this.esClient.mget<TaskDocumentSource>({
      index: this.index,
      ids: ids.map(taskDocumentId),
    });
    return this.withDecryptedApiKeys(
      response.docs.map((doc) =>
        'found' in doc && doc.found && isTaskDocument(doc) ? documentToTaskInstance(doc) : undefined
      )
    );
  }

  /** The current seq_no/primary_term of documents, keyed by `_id`. */
  public async getDocVersions(esIds: string[]): Promise<Map<string, ConcreteTaskInstanceVersion>> {
    const result = new Map<string, ConcreteTaskInstanceVersion>();
    if (esIds.length === 0) return result;
    const response = await this.esClient.mget({ index: this.index, ids: esIds, _source: false });
    for (const doc of response.docs) {
      if ('found' in doc && doc.found) {
        result.set(doc._id, { esId: doc._id, seqNo: doc._seq_no, primaryTerm: doc._primary_term });
      } else {
        result.set(doc._id, { esId: doc._id, error: `task "${doc._id}" not found` });
      }
    }
    return result;
  }

  /** Searches task documents (sorted by `task.runAt` unless told otherwise). */
  public async fetch({
    sort = [{ 'task.runAt': 'asc' }],
    ...opts
  }: SearchOpts = {}): Promise<FetchResult> {
    const response = await this.esClient.search<TaskDocumentSource>({
      index: this.index,
      ignore_unavailable: true,
      ...opts,
      sort,
      query: onlyTasks(opts.query),
    });
    return this.decryptFetchResult(this.toFetchResult(response.hits.hits));
  }

  /** Several searches in one request; the results concatenated (duplicates dropped). */
  public async msearch(
    searches: Array<SearchOpts & { _source?: estypes.SearchSourceConfig }>
  ): Promise<FetchResult> {
    if (searches.length === 0) return { docs: [], versionMap: new Map() };
    const response = await this.esClient.msearch<TaskDocumentSource>({
      index: this.index,
      ignore_unavailable: true,
      searches: searches.flatMap(({ query, ...rest }) => [
        {},
        { ...rest, query: onlyTasks(query) },
      ]),
    });
    const hits: Array<estypes.SearchHit<TaskDocumentSource>> = [];
    for (const item of response.responses) {
      if ('error' in item) {
        throw new TaskStoreError(
          `Task search failed: ${item.error.reason ?? item.error.type}`,
          item.status ?? 500
        );
      }
      hits.push(...item.hits.hits);
    }
    const seen = new Set<string>();
    return this.decryptFetchResult(
      this.toFetchResult(hits.filter((hit) => !seen.has(hit._id!) && seen.add(hit._id!)))
    );
  }

  private async decryptFetchResult(result: FetchResult): Promise<FetchResult> {
    return { ...result, docs: await this.withDecryptedApiKeys(result.docs) };
  }

  private toFetchResult(hits: Array<estypes.SearchHit<TaskDocumentSource>>): FetchResult {
    const versionMap = new Map<string, ConcreteTaskInstanceVersion>();
    const docs: ConcreteTaskInstance[] = [];
    for (const hit of hits) {
      if (!hit._id || !isTaskDocument(hit)) continue;
      if (hit._seq_no != null && hit._primary_term != null) {
        versionMap.set(taskIdFromDocumentId(hit._id), {
          esId: hit._id,
          seqNo: hit._seq_no,
          primaryTerm: hit._primary_term,
        });
      }
      docs.push(documentToTaskInstance(hit));
    }
    return { docs, versionMap };
  }

  /**
   * Writes kernel transitions (see common/task_lifecycle) in one bulk request, each fenced by
   * its version; one result per write (a lost fence is `{ ok: false, status: 409 }`).
   */
  public async bulkWrite(writes: TaskWrite[]): Promise<BulkWriteResult[]> {
    if (writes.length === 0) return [];
    const response = await this.esClient.bulk({
      index: this.index,
      refresh: false,
      operations: toBulkOperations(writes),
    });
    return response.items.map((item, i) => {
      const result = (item.update ?? item.delete)!;
      const id = writes[i].id;
      return (
        bulkItemFailure(id, result) ?? {
          ok: true,
          id,
          version: encodeVersion(result._seq_no, result._primary_term),
        }
      );
    });
  }

  /**
   * Writes one kernel transition, fenced; answers the new version (undefined after a delete).
   * A lost fence is a 409 TaskConflictError, a missing task a 404 TaskNotFoundError.
   */
  public async write(write: TaskWrite): Promise<string | undefined> {
    if (write.kind === 'delete') {
      await this.remove(
        write.id,
        encodeVersion(write.fence.if_seq_no, write.fence.if_primary_term)
      );
      return undefined;
    }
    return this.writePartial(write.id, write.fence, write.doc);
  }

  /**
   * Writes the task's attributes over the stored ones (a saved-object update: attributes merged),
   * fenced by its `version` when it has one; a lost fence is a 409 TaskConflictError, a missing
   * task a 404 TaskNotFoundError.
   */
  public async update(task: ConcreteTaskInstance, now = new Date()): Promise<ConcreteTaskInstance> {
    const attributes = taskInstanceToAttributes(task, task.id, now);
    const fence = task.version ? decodeVersion(task.version) : undefined;
    const version = await this.writePartial(task.id, fence, {
      task: attributes,
      updated_at: now.toISOString(),
    });
    return { ...task, version };
  }

  private async writePartial(
    id: string,
    fence: TaskFence | undefined,
    doc: Record<string, unknown>
  ): Promise<string> {
    try {
      const response = await this.esClient.update({
        index: this.index,
        id: taskDocumentId(id),
        doc,
        refresh: false,
        ...fence,
      });
      return encodeVersion(response._seq_no, response._primary_term);
    } catch (error) {
      if (statusOf(error) === 404) throw new TaskNotFoundError(id, { cause: error });
      if (statusOf(error) === 409) throw new TaskConflictError(id, { cause: error });
      throw toError(error);
    }
  }

  /**
   * Deletes a task, fenced by `version` when given, then invalidates the API key Task Manager
   * created for it. Kibana invalidates before an unfenced delete; here a lost fence (the task
   * lives on with a newer owner) must leave the key valid, so the delete comes first.
   * Kibana: x-pack/platform/plugins/shared/task_manager/server/task_store.ts (remove)
   */
  public async remove(id: string, version?: string): Promise<void> {
    const task = this.secrets ? await this.bulkGetRaw([id]) : [];
    await this.deleteTask(id, version);
    await this.invalidateApiKeys(task);
  }

  /** The stored tasks, their keys left encrypted (enough to know which keys to invalidate). */
  private async bulkGetRaw(ids: string[]): Promise<Array<ConcreteTaskInstance | undefined>> {
    const response = await this.esClient.mget<TaskDocumentSource>({
      index: this.index,
      ids: ids.map(taskDocumentId),
    });
    return response.docs.map((doc) =>
      'found' in doc && doc.found && isTaskDocument(doc) ? documentToTaskInstance(doc) : undefined
    );
  }

  private async invalidateApiKeys(tasks: Array<ConcreteTaskInstance | undefined>): Promise<void> {
    const ids = apiKeyIdsToInvalidate(tasks);
    if (ids.length > 0 && this.secrets) await this.secrets.invalidate(ids);
  }

  private async deleteTask(id: string, version?: string): Promise<void> {
    try {
      await this.esClient.delete({
        index: this.index,
        id: taskDocumentId(id),
        refresh: false,
        ...(version ? decodeVersion(version) : {}),
      });
    } catch (error) {
      if (statusOf(error) === 404) throw new TaskNotFoundError(id, { cause: error });
      if (statusOf(error) === 409) throw new TaskConflictError(id, { cause: error });
      throw toError(error);
    }
  }

  /** Deletes tasks; one status per id, as the saved-objects bulk delete answers. */
  public async bulkRemove(ids: string[]): Promise<SavedObjectsBulkDeleteResponse> {
    if (ids.length === 0) return { statuses: [] };
    const tasks = this.secrets ? await this.bulkGetRaw(ids) : [];
    const response = await this.esClient.bulk({
      index: this.index,
      refresh: false,
      operations: ids.map((id) => ({ delete: { _id: taskDocumentId(id) } })),
    });
    await this.invalidateApiKeys(
      tasks.filter((_task, i) => response.items[i].delete!.status < 300)
    );
    return {
      statuses: response.items.map((item, i) => {
        const result = item.delete!;
        const ok = result.status < 300;
        return {
          id: ids[i],
          type: TASK_SO_TYPE,
          success: ok,
          ...(ok
            ? {}
            : {
                error: {
                  error: result.status === 404 ? 'Not Found' : 'Error',
                  message:
                    result.status === 404
                      ? `Saved object [task/${ids[i]}] not found`
                      : (result.error?.reason ?? `delete failed with ${result.status}`),
                  statusCode: result.status,
                },
              }),
        };
      }),
    };
  }
}
