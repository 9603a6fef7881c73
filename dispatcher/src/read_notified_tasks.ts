// Tasks named by notify calls: read with a realtime mget, so a task scheduled a moment ago is
// seen before any index refresh, or taken as the node that stored them sent them; only the due
// ones come back.
import type { Client } from '@elastic/elasticsearch';
import type { NotifiedTask } from '../../common/push/notified_task';
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

/**
 * The notified tasks waiting for the loop's next cycle: ids to read, and tasks a node sent as it
 * stored them. Those are claimed as sent, without a read: the claim is fenced on the version the
 * node's write answered, so a task written since is refused (409), never claimed stale.
 */
export class NotifiedTasks {
  private readonly ids = new Set<string>();
  private readonly stored = new Map<string, TaskCandidate>();

  public add(ids: Iterable<string>, tasks: NotifiedTask[] = []): void {
    for (const id of ids) this.ids.add(id);
    for (const { id, seq_no: seqNo, primary_term: primaryTerm, task } of tasks) {
      this.stored.set(id, { id, seqNo, primaryTerm, task });
    }
  }

  public get size(): number {
    return this.ids.size + this.stored.size;
  }

  public clear(): void {
    this.ids.clear();
    this.stored.clear();
  }

  /** Takes every waiting task and answers the due ones; an id also to be read is read. */
  public async take(
    es: Client,
    { index, scope, now }: { index: string; scope: string; now: () => number }
  ): Promise<TaskCandidate[]> {
    const ids = [...this.ids];
    const stored = [...this.stored.values()].filter(({ id }) => !this.ids.has(id));
    this.clear();
    const read = await readNotifiedTasks(es, { index, scope, ids, now: now() });
    const at = now();
    return [...stored.filter(({ task }) => isDue(task, scope, at)), ...read];
  }
}
