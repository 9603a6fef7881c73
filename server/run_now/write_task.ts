// Sends one task-lifecycle write (see common/task_lifecycle) to Elasticsearch, fenced.
import type { ElasticsearchClient } from '@kbn/core/server';
import { taskDocumentId } from '../../common/task_document';
import type { TaskWrite } from '../../common/task_lifecycle';

/** The `_seq_no`/`_primary_term` the write left, or undefined after a delete. */
export interface WrittenVersion {
  seqNo: number;
  primaryTerm: number;
}

/** Writes `write` to `index`; a lost fence throws Elasticsearch's 409, a missing task its 404. */
export async function writeTask(
  esClient: ElasticsearchClient,
  index: string,
  write: TaskWrite
): Promise<WrittenVersion | undefined> {
  const target = { index, id: taskDocumentId(write.id), ...write.fence, refresh: false as const };
  if (write.kind === 'delete') {
    await esClient.delete(target);
    return undefined;
  }
  const response = await esClient.update({ ...target, doc: write.doc });
  return { seqNo: response._seq_no as number, primaryTerm: response._primary_term as number };
}
