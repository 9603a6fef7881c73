// The buffered writer against Elasticsearch: one bulk per tick across indices, fences kept per
// item, each caller answered its own outcome.
import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, uniqueName } from '../../test_helpers/elasticsearch';
import { isNotFound, isVersionConflict } from '../lib/es_errors';
import { BufferedWriter } from '../storage/buffered_writer';

jest.setTimeout(60_000);

describe('BufferedWriter against Elasticsearch', () => {
  let client: Client;
  let bulkRequests = 0;
  const first = uniqueName('.test-bt-buffered-a');
  const second = uniqueName('.test-bt-buffered-b');

  beforeAll(async () => {
    client = createTestEsClient();
    client.diagnostic.on('request', (_error, event) => {
      if (event?.meta.request.params.path.endsWith('/_bulk')) bulkRequests++;
    });
    await client.indices.create({ index: first });
    await client.indices.create({ index: second });
  });

  afterAll(async () => {
    await client.indices.delete({ index: [first, second], ignore_unavailable: true });
    await client.close();
  });

  it('writes to two indices in one bulk; a lost fence fails only its own caller', async () => {
    const a = await client.index({ index: first, id: 'a', document: { n: 0 } });
    const b = await client.index({ index: second, id: 'b', document: { n: 0 } });
    await client.index({ index: first, id: 'gone', document: { n: 0 } });
    const writer = new BufferedWriter(client);
    const before = bulkRequests;
    const results = await Promise.allSettled([
      writer.update({
        index: first,
        id: 'a',
        doc: { n: 1 },
        if_seq_no: a._seq_no,
        if_primary_term: a._primary_term,
      }),
      // A stale fence: the document is at b's version, not one before.
      writer.index({
        index: second,
        id: 'b',
        document: { n: 2 },
        if_seq_no: (b._seq_no as number) + 1,
        if_primary_term: b._primary_term,
      }),
      writer.index({ index: second, id: 'new', document: { n: 3 }, op_type: 'create' }),
      writer.index({ index: first, id: 'a', document: { n: 9 }, op_type: 'create' }),
      writer.update({ index: second, id: 'missing', doc: { n: 4 } }),
      writer.delete({ index: first, id: 'gone' }),
    ]);
    expect(bulkRequests - before).toBe(1);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    const reason = (i: number) => (results[i] as PromiseRejectedResult).reason;
    expect(isVersionConflict(reason(1))).toBe(true);
    expect(isVersionConflict(reason(3))).toBe(true);
    expect(isNotFound(reason(4))).toBe(true);

    const updated = results[0] as PromiseFulfilledResult<{ _seq_no: number }>;
    const stored = await client.get<{ n: number }>({ index: first, id: 'a' });
    expect(stored._source).toEqual({ n: 1 });
    // The version answered is the one the next fenced write must present.
    expect(stored._seq_no).toBe(updated.value._seq_no);
    expect((await client.get<{ n: number }>({ index: second, id: 'b' }))._source).toEqual({ n: 0 });
    expect((await client.get<{ n: number }>({ index: second, id: 'new' }))._source).toEqual({
      n: 3,
    });
    expect(await client.exists({ index: first, id: 'gone' })).toBe(false);
  });

  it('applies two writes to one document in one flush in order, the second fenced by the first', async () => {
    const doc = await client.index({ index: first, id: 'ordered', document: { n: 0 } });
    const writer = new BufferedWriter(client);
    const results = await Promise.allSettled([
      writer.update({
        index: first,
        id: 'ordered',
        doc: { n: 1 },
        if_seq_no: doc._seq_no,
        if_primary_term: doc._primary_term,
      }),
      // Fenced by the same (now old) version: the first write won, this one must lose.
      writer.update({
        index: first,
        id: 'ordered',
        doc: { n: 2 },
        if_seq_no: doc._seq_no,
        if_primary_term: doc._primary_term,
      }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    expect((await client.get<{ n: number }>({ index: first, id: 'ordered' }))._source).toEqual({
      n: 1,
    });
  });

  it('rejects every write of a flush when Elasticsearch cannot be reached', async () => {
    const { Client: EsClient } = await import('@elastic/elasticsearch');
    const unreachable = new EsClient({ node: 'http://127.0.0.1:1', maxRetries: 0 });
    const writer = new BufferedWriter(unreachable);
    const results = await Promise.allSettled([
      writer.update({ index: first, id: 'a', doc: { n: 5 } }),
      writer.delete({ index: first, id: 'a' }),
    ]);
    await unreachable.close();
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.name).toBe('ConnectionError');
    expect((await client.get<{ n: number }>({ index: first, id: 'a' }))._source).toEqual({ n: 1 });
  });
});
