// Tells our own landed write from another's after a conflict: a write whose answer was lost
// (an Elasticsearch node died) is sent again by the client, and the retry meets the first one.
import type { ElasticsearchClient } from '@kbn/core/server';
import { taskDocumentId } from '../../common/task_document';
import type { TaskWrite } from '../../common/task_lifecycle';
import type { WrittenVersion } from '../../common/task_lifecycle/write_task';
import { isNotFound } from '../lib/es_errors';

/**
 * The version `write` left, when the stored task is exactly what it wrote (every field it set,
 * timestamps to the millisecond); for a delete, when the task is gone. Undefined when another
 * writer's version stands.
 */
export async function landedVersion(
  reader: ElasticsearchClient,
  index: string,
  write: TaskWrite
): Promise<WrittenVersion | 'deleted' | undefined> {
  let hit;
  try {
    hit = await reader.get<{ task?: Record<string, unknown> }>({
      index,
      id: taskDocumentId(write.id),
      realtime: true,
    });
  } catch (caught) {
    if (!isNotFound(caught)) throw caught;
    hit = { found: false } as const;
  }
  if (!hit.found || !('_source' in hit)) return write.kind === 'delete' ? 'deleted' : undefined;
  if (write.kind === 'delete') return undefined;
  const stored = hit._source?.task ?? {};
  const ours = Object.entries(write.doc.task).every(
    ([field, value]) => JSON.stringify(stored[field] ?? null) === JSON.stringify(value ?? null)
  );
  return ours && hit._seq_no != null && hit._primary_term != null
    ? { seqNo: hit._seq_no, primaryTerm: hit._primary_term }
    : undefined;
}
