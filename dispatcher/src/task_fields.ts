// The dispatcher's slim reads of a Kibana Task Manager task document (saved-object layout:
// `_id: "task:<id>"`, `_source.type: "task"`, `_source.task.{...}`), typed by the one stored
// document type of common/task_document.ts.
import type {
  ConcreteTaskInstance,
  SerializedConcreteTaskInstance,
} from '@kbn/task-manager-plugin/server/task';
import { CANDIDATE_FIELDS, type CandidateFields } from '../../common/push/notified_task';
import {
  TASK_SO_TYPE,
  attributesToTaskInstance,
  taskDocumentId,
  taskIdFromDocumentId,
} from '../../common/task_document';
import { isClaimable, isLapsedClaim } from '../../common/task_lifecycle';

export { TASK_SO_TYPE };

/** `_id` of the task document for a task id (`task:<id>`, as the runtime's Task Manager writes it). */
export const taskDocId = taskDocumentId;

/** Task id from a task document `_id`. */
export const taskIdFromDocId = taskIdFromDocumentId;

/** Task Manager's TaskPriority.Normal: tasks without a priority sort as Normal. */
export const DEFAULT_TASK_PRIORITY = 50;

export type { CandidateFields };

/** Source fields read for a candidate (the rest of the document is not needed). */
export const CANDIDATE_SOURCE_FIELDS = CANDIDATE_FIELDS.map((field) => `task.${field}` as const);

/** A slim read of a task document's `_source`. */
export interface SlimTaskSource<T = CandidateFields> {
  task: T;
}

/** A task as read with its version, ready to be claimed. */
export interface TaskCandidate {
  id: string;
  seqNo: number;
  primaryTerm: number;
  task: CandidateFields;
}

/** The candidate as a task instance, the form the lifecycle kernel reads (dates as dates). */
export function toTaskInstance(task: CandidateFields, id = ''): ConcreteTaskInstance {
  return attributesToTaskInstance(
    { ...task, attempts: task.attempts ?? 0 } as SerializedConcreteTaskInstance,
    id
  );
}

/**
 * The fields the claim rules read, dates as dates. Not a whole task instance: these checks run
 * for every candidate at every placement, and building one was 8 % of the dispatcher's CPU
 * during a backlog (profiled).
 */
function claimFields(task: CandidateFields) {
  return {
    status: task.status as ConcreteTaskInstance['status'],
    enabled: task.enabled,
    runAt: new Date(task.runAt ?? NaN),
    retryAt: task.retryAt ? new Date(task.retryAt) : null,
  };
}

/** An expired claim: running (or claiming) with its retryAt passed. */
export function isExpiredClaim(task: CandidateFields, now: number): boolean {
  return isLapsedClaim(claimFields(task), new Date(now));
}

/** Due: in the scope and claimable now (`isClaimable`: enabled; idle and due, or a lapsed claim). */
export function isDue(task: CandidateFields, scope: string, now: number): boolean {
  const scopes = Array.isArray(task.scope) ? task.scope : task.scope ? [task.scope] : [];
  if (!scopes.includes(scope)) return false;
  return isClaimable(claimFields(task), new Date(now));
}
