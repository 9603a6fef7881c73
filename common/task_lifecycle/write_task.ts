// Sends one kernel write to Elasticsearch, fenced: the one I/O step the node and the dispatcher
// share (the runtime's Task Manager writes through its TaskStore, which maps errors as Kibana's).
import type { estypes } from '@elastic/elasticsearch';
import { taskDocumentId } from '../task_document';
import type { TaskWrite } from './task_write';

interface FencedTarget {
  index: string;
  id: string;
  if_seq_no?: number;
  if_primary_term?: number;
  refresh?: false;
}

/**
 * What writing needs: Elasticsearch's `Client` (the dispatcher's, Kibana's
 * `ElasticsearchClient`) or the node's buffered writer, which sends concurrent writes in one
 * `_bulk`. Either answers a lost fence with a 409 error and a missing task with a 404.
 */
export interface TaskWriteClient {
  update(
    params: FencedTarget & { doc: object }
  ): Promise<Pick<estypes.UpdateResponse, '_seq_no' | '_primary_term'>>;
  delete(params: FencedTarget): Promise<unknown>;
}

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
