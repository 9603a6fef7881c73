// Archiving before a retention delete: copies of the documents into a dated archive index, so
// users who need the history keep it (Tasques' behaviour) while the live indices stay small.
import type { Client, estypes } from '@elastic/elasticsearch';

/** A document the sweep read: its id, version and (when archiving) source. */
export type SweptHit = estypes.SearchHit<unknown> & {
  _id: string;
  _seq_no: number;
  _primary_term: number;
};

/**
 * `<index>-archive-YYYY.MM.DD`, by the sweep's UTC day: one index per day to drop whole when the
 * history is no longer wanted (this Elasticsearch has no ILM to roll it over).
 */
export function archiveIndexName(index: string, now: Date): string {
  return `${index}-archive-${now.toISOString().slice(0, 10).replaceAll('-', '.')}`;
}

/**
 * Nothing of the archived documents is indexed but what tells them apart: the user payloads
 * they carry must not grow the mappings (as in the tracking index).
 */
const ARCHIVE_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: false,
  properties: {
    id: { type: 'keyword' },
    type: { type: 'keyword' },
    status: { type: 'keyword' },
    space: { type: 'keyword' },
    updated_at: { type: 'date' },
    retain_until: { type: 'date' },
  },
};

async function ensureArchiveIndex(es: Client, index: string): Promise<void> {
  try {
    await es.indices.create({
      index,
      mappings: ARCHIVE_MAPPINGS,
      settings: { hidden: true, number_of_shards: 1, auto_expand_replicas: '0-1' },
    });
  } catch (thrown) {
    const type = (thrown as { meta?: { body?: { error?: { type?: string } } } }).meta?.body?.error
      ?.type;
    if (type !== 'resource_already_exists_exception') throw thrown;
  }
}

/**
 * Copies `hits` into `archive` and answers those safely archived, the only ones the sweep may
 * then delete. Each copy's id names the version it copies, so two sweepers archiving the same
 * version write it once (the second gets a 409, which counts as archived), and a later run of
 * the same task id gets an entry of its own.
 */
export async function archiveDocuments(
  es: Client,
  archive: string,
  hits: SweptHit[],
  errors: string[]
): Promise<SweptHit[]> {
  await ensureArchiveIndex(es, archive);
  const response = await es.bulk({
    operations: hits.flatMap((hit) => [
      { create: { _index: archive, _id: `${hit._id}@${hit._primary_term}:${hit._seq_no}` } },
      hit._source,
    ]),
  });
  return hits.filter((hit, i) => {
    const result = response.items[i]?.create;
    if (result?.status === 201 || result?.status === 409) return true;
    errors.push(
      `archive ${hit._id} ${result?.status}: ${result?.error?.type} ${result?.error?.reason}`
    );
    return false;
  });
}
