// Sends one kernel write to Elasticsearch, fenced: the one I/O step the node and the dispatcher
// share (the runtime's Task Manager writes through its TaskStore, which maps errors as Kibana's).
import type { Client } from '@elastic/elasticsearch';
import { taskDocumentId } from '../task_document';
import type { TaskWrite } from './task_write';

/** What writing needs of a client: Kibana's `ElasticsearchClient` and the dispatcher's `Client` both have it. */
export type TaskWriteClient = Pick<Client, 'update' | 'delete' | 'transport'>;

/** The `_seq_no`/`_primary_term` the write left, or undefined after a delete. */
export interface WrittenVersion {
  seqNo: number;
  primaryTerm: number;
}

/** Writes `write` to `index`; a lost fence throws Elasticsearch's 409, a missing task its 404. */
export async function writeTask(
  esClient: TaskWriteClient,
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
