// Reads tasks named by a notify call with a realtime mget, so a task scheduled a moment ago
// is seen before any index refresh; only the due ones come back.
import type { Client } from '@elastic/elasticsearch';
import {
  CANDIDATE_SOURCE_FIELDS,
  isDue,
  taskDocId,
  type TaskCandidate,
  type SlimTaskSource,
} from './task_fields';

export async function readNotifiedTasks(
  es: Client,
  { index, scope, ids, now }: { index: string; scope: string; ids: string[]; now: number }
): Promise<TaskCandidate[]> {
  if (ids.length === 0) return [];
  const response = await es.mget<SlimTaskSource>({
    index,
    realtime: true,
    _source: [...CANDIDATE_SOURCE_FIELDS],
    ids: ids.map(taskDocId),
  });
  const due: TaskCandidate[] = [];
  response.docs.forEach((doc, i) => {
    if (!('found' in doc) || !doc.found || !doc._source?.task) return;
    if (doc._seq_no == null || doc._primary_term == null) return;
    if (!isDue(doc._source.task, scope, now)) return;
    due.push({
      id: ids[i],
      seqNo: doc._seq_no,
      primaryTerm: doc._primary_term,
      task: doc._source.task,
    });
  });
  return due;
}
