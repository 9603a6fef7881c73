// The dispatcher's view of a Kibana Task Manager task document (saved-object layout:
// `_id: "task:<id>"`, `_source.type: "task"`, `_source.task.{...}`).
import { TASK_SO_TYPE, taskDocumentId, taskIdFromDocumentId } from '../../common/task_document';

export { TASK_SO_TYPE };

/** `_id` of the task document for a task id (`task:<id>`, as the runtime's Task Manager writes it). */
export const taskDocId = taskDocumentId;

/** Task id from a task document `_id`. */
export const taskIdFromDocId = taskIdFromDocumentId;

/** Task Manager's TaskPriority.Normal: tasks without a priority sort as Normal. */
export const DEFAULT_TASK_PRIORITY = 50;

/** The fields of `_source.task` the dispatcher reads or writes. */
export interface TaskFields {
  taskType: string;
  status: string;
  runAt?: string;
  retryAt?: string | null;
  startedAt?: string | null;
  attempts?: number;
  ownerId?: string | null;
  priority?: number;
  enabled?: boolean;
  scope?: string | string[];
  schedule?: { interval?: string; rrule?: unknown } | null;
}

export interface TaskSource {
  type: string;
  task: TaskFields;
  updated_at?: string;
}

/** A task as read with its version, ready to be claimed. */
export interface TaskCandidate {
  id: string;
  seqNo: number;
  primaryTerm: number;
  task: TaskFields;
}

/** Source fields read for a candidate (the rest of the document is not needed). */
export const CANDIDATE_SOURCE_FIELDS = [
  'task.taskType',
  'task.status',
  'task.runAt',
  'task.retryAt',
  'task.attempts',
  'task.ownerId',
  'task.priority',
  'task.enabled',
  'task.scope',
  'task.schedule',
];

/** An expired claim: running (or claiming) with its retryAt passed. */
export function isExpiredClaim(task: TaskFields, now: number): boolean {
  return (
    (task.status === 'running' || task.status === 'claiming') &&
    task.retryAt != null &&
    Date.parse(task.retryAt) <= now
  );
}

/** Due: idle, enabled and runAt passed, in the scope; or an expired claim in the scope. */
export function isDue(task: TaskFields, scope: string, now: number): boolean {
  const scopes = Array.isArray(task.scope) ? task.scope : task.scope ? [task.scope] : [];
  if (!scopes.includes(scope)) return false;
  if (task.status === 'idle') {
    return task.enabled !== false && task.runAt != null && Date.parse(task.runAt) <= now;
  }
  return isExpiredClaim(task, now);
}
