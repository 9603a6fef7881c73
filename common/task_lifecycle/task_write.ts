// What a lifecycle transition writes to a task document: a fenced partial update or a delete.
import type { SerializedConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { decodeVersion, taskDocumentId } from '../task_document';
import type { DecodedVersion } from '../task_document';

/** The version a write is fenced by: it fails with a 409 when the document moved on since. */
export type TaskFence = DecodedVersion;

/** `task.*` fields as stored (dates as ISO strings, state as JSON); null clears a field. */
export type StoredTaskFields = Partial<SerializedConcreteTaskInstance>;

/** A partial update of the document: `doc` is merged into the stored `_source`. */
export interface TaskUpdateWrite {
  kind: 'update';
  /** the task id (the document `_id` is `task:<id>`) */
  id: string;
  fence: TaskFence;
  doc: { task: StoredTaskFields; updated_at: string };
}

/** The removal of the document. */
export interface TaskDeleteWrite {
  kind: 'delete';
  id: string;
  fence: TaskFence;
}

export type TaskWrite = TaskUpdateWrite | TaskDeleteWrite;

/** The fence of a document read with `seq_no_primary_term`. */
export function toFence(seqNo: number, primaryTerm: number): TaskFence {
  return { if_seq_no: seqNo, if_primary_term: primaryTerm };
}

/** The fence of a task read with a saved-object `version` string. */
export function fenceOfVersion(version: string): TaskFence {
  return decodeVersion(version);
}

/** An update of `id`'s `task` fields, stamped `updated_at` = `now`. */
export function taskUpdate(
  id: string,
  fence: TaskFence,
  task: StoredTaskFields,
  now: Date
): TaskUpdateWrite {
  return { kind: 'update', id, fence, doc: { task, updated_at: now.toISOString() } };
}

/** The bulk request lines of `writes`, one action (plus its doc for an update) each. */
export function toBulkOperations(writes: TaskWrite[], index?: string): object[] {
  return writes.flatMap((write): object[] => {
    const action = { _id: taskDocumentId(write.id), ...(index ? { _index: index } : {}) };
    return write.kind === 'delete'
      ? [{ delete: { ...action, ...write.fence } }]
      : [{ update: { ...action, ...write.fence } }, { doc: write.doc }];
  });
}
