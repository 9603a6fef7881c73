// The fields of a task document a claim needs, and a just-stored task in that form: a node
// sends it with its notify, so the dispatcher claims the task without reading it back.
import type {
  ConcreteTaskInstance,
  SerializedConcreteTaskInstance,
  TaskStatus,
} from '@kbn/task-manager-plugin/server/task';
import { decodeVersion, taskInstanceToAttributes } from '../task_document';

/** The stored task's fields (`_source.task.*`) a dispatcher reads to place and claim a task. */
export const CANDIDATE_FIELDS = [
  'taskType',
  'status',
  'runAt',
  'retryAt',
  'startedAt',
  'attempts',
  'ownerId',
  'priority',
  'enabled',
  'scope',
  'schedule',
  'timeoutOverride',
] as const;

/** Task Manager's task statuses, as stored (`TaskStatus`'s values). */
export const TASK_STATUSES = [
  'idle',
  'claiming',
  'running',
  'failed',
  'should_delete',
  'unrecognized',
  'dead_letter',
] as const satisfies ReadonlyArray<`${TaskStatus}`>;

/** Those fields as stored (dates as ISO strings, the status as its string). */
export type CandidateFields = Pick<SerializedConcreteTaskInstance, 'taskType'> & {
  status: `${TaskStatus}`;
} & Partial<
    Pick<
      SerializedConcreteTaskInstance,
      Exclude<(typeof CANDIDATE_FIELDS)[number], 'taskType' | 'status'>
    >
  >;

/**
 * A task a node has just stored: its version and its candidate fields as stored. The dispatcher
 * claims it fenced on that version; if anything wrote the task since, the claim is refused
 * (409) and the task is found by the next poll, as a task read and changed before its claim is.
 */
export interface NotifiedTask {
  id: string;
  seq_no: number;
  primary_term: number;
  task: CandidateFields;
}

/** The candidate fields of a task's stored attributes; a field stored empty (null) is left out. */
export function candidateFieldsOf(
  stored: Partial<Record<(typeof CANDIDATE_FIELDS)[number], unknown>>
): CandidateFields {
  return Object.fromEntries(
    CANDIDATE_FIELDS.flatMap((field) => (stored[field] == null ? [] : [[field, stored[field]]]))
  ) as CandidateFields;
}

/** The notified form of a task Task Manager answered as stored; undefined without a version. */
export function toNotifiedTask(task: ConcreteTaskInstance): NotifiedTask | undefined {
  if (!task.version) return undefined;
  const { if_seq_no: seqNo, if_primary_term: primaryTerm } = decodeVersion(task.version);
  // params and state are not sent: left out before they are serialized, on the schedule's path
  const stored = taskInstanceToAttributes({ ...task, params: {}, state: {} }, task.id);
  return { id: task.id, seq_no: seqNo, primary_term: primaryTerm, task: candidateFieldsOf(stored) };
}
