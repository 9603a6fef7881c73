import type { estypes } from '@elastic/elasticsearch';
import { isNotFound, isVersionConflict } from '../lib/es_errors';
import { BufferedWriter, BulkItemError } from './buffered_writer';

type BulkParams = { operations: object[] };

/** A fake client whose bulk answers each item from `answer` (by action and id), in order. */
function fakeClient(
  answer: (action: string, id: string) => estypes.BulkResponseItem = (_action, id) => ({
    _index: 'idx',
    _id: id,
    status: 200,
    result: 'updated',
    _seq_no: 7,
    _primary_term: 1,
  })
) {
  const requests: BulkParams[] = [];
  const bulk = jest.fn(async (params: BulkParams) => {
    requests.push(params);
    const items = params.operations.flatMap((line) => {
      const [action] = Object.keys(line);
      if (!['index', 'create', 'update', 'delete'].includes(action)) return [];
      const { _id } = (line as Record<string, { _id: string }>)[action];
      return [{ [action]: answer(action, _id) }];
    });
    return { errors: false, took: 1, items } as estypes.BulkResponse;
  });
  return { client: { bulk } as never, bulk, requests };
}

describe('BufferedWriter', () => {
  it('sends the writes of one tick in one bulk, fences and documents in order', async () => {
    const { client, bulk, requests } = fakeClient();
    const writer = new BufferedWriter(client);
    await Promise.all([
      writer.update({ index: 'a', id: '1', doc: { x: 1 }, if_seq_no: 3, if_primary_term: 1 }),
      writer.index({ index: 'b', id: '2', document: { y: 2 }, op_type: 'create' }),
      writer.index({ index: 'b', id: '3', document: { z: 3 }, if_seq_no: 4, if_primary_term: 2 }),
      writer.delete({ index: 'a', id: '4', if_seq_no: 5, if_primary_term: 1 }),
    ]);
    expect(bulk).toHaveBeenCalledTimes(1);
    expect(requests[0].operations).toEqual([
      { update: { _index: 'a', _id: '1', if_seq_no: 3, if_primary_term: 1 } },
      { doc: { x: 1 } },
      { create: { _index: 'b', _id: '2' } },
      { y: 2 },
      { index: { _index: 'b', _id: '3', if_seq_no: 4, if_primary_term: 2 } },
      { z: 3 },
      { delete: { _index: 'a', _id: '4', if_seq_no: 5, if_primary_term: 1 } },
    ]);
  });

  it("answers each caller its own item's version", async () => {
    let seqNo = 10;
    const { client } = fakeClient((_action, id) => ({
      _index: 'idx',
      _id: id,
      status: 200,
      result: 'updated',
      _seq_no: seqNo++,
      _primary_term: 2,
    }));
    const writer = new BufferedWriter(client);
    const [first, second] = await Promise.all([
      writer.update({ index: 'a', id: '1', doc: {} }),
      writer.update({ index: 'a', id: '2', doc: {} }),
    ]);
    expect(first).toMatchObject({ _id: '1', _seq_no: 10, _primary_term: 2 });
    expect(second).toMatchObject({ _id: '2', _seq_no: 11, _primary_term: 2 });
  });

  it('rejects only the caller whose fence was lost, with a 409 read as a version conflict', async () => {
    const { client } = fakeClient((_action, id) =>
      id === 'lost'
        ? {
            _index: 'idx',
            _id: id,
            status: 409,
            error: { type: 'version_conflict_engine_exception', reason: 'conflict' },
          }
        : { _index: 'idx', _id: id, status: 200, result: 'updated', _seq_no: 1, _primary_term: 1 }
    );
    const writer = new BufferedWriter(client);
    const results = await Promise.allSettled([
      writer.update({ index: 'a', id: 'ok', doc: {}, if_seq_no: 0, if_primary_term: 1 }),
      writer.update({ index: 'a', id: 'lost', doc: {}, if_seq_no: 0, if_primary_term: 1 }),
      writer.delete({ index: 'a', id: 'also-ok' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (results[1] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(BulkItemError);
    expect(error.name).toBe('BulkItemError');
    expect(isVersionConflict(error)).toBe(true);
    expect(error.message).toContain('version_conflict_engine_exception');
  });

  it('reads a missing document as not found', async () => {
    const { client } = fakeClient((_action, id) => ({
      _index: 'idx',
      _id: id,
      status: 404,
      error: { type: 'document_missing_exception', reason: 'missing' },
    }));
    const error = await new BufferedWriter(client)
      .update({ index: 'a', id: '1', doc: {} })
      .catch((caught: unknown) => caught);
    expect(isNotFound(error)).toBe(true);
  });

  it('rejects every write of a flush whose request failed, with its error', async () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), {
      name: 'ConnectionError',
    });
    const bulk = jest.fn().mockRejectedValue(unreachable);
    const writer = new BufferedWriter({ bulk } as never);
    const results = await Promise.allSettled([
      writer.update({ index: 'a', id: '1', doc: {} }),
      writer.delete({ index: 'a', id: '2' }),
    ]);
    expect(results).toEqual([
      { status: 'rejected', reason: unreachable },
      { status: 'rejected', reason: unreachable },
    ]);
  });

  it('flushes at maxOperations without waiting for the tick, the rest on the tick', async () => {
    const { client, requests } = fakeClient();
    const writer = new BufferedWriter(client, { maxOperations: 2 });
    const writes = [1, 2, 3].map((n) => writer.update({ index: 'a', id: `${n}`, doc: {} }));
    // The first two went out synchronously, before any tick.
    expect(requests).toHaveLength(1);
    expect(requests[0].operations).toHaveLength(4);
    await Promise.all(writes);
    expect(requests).toHaveLength(2);
    expect(requests[1].operations).toEqual([{ update: { _index: 'a', _id: '3' } }, { doc: {} }]);
  });

  it('sends writes of different ticks in different bulks', async () => {
    const { client, requests } = fakeClient();
    const writer = new BufferedWriter(client);
    await writer.update({ index: 'a', id: '1', doc: {} });
    await writer.update({ index: 'a', id: '2', doc: {} });
    expect(requests).toHaveLength(2);
  });

  it('fails a write the response has no item for instead of leaving it waiting', async () => {
    const bulk = jest.fn().mockResolvedValue({ errors: false, took: 1, items: [] });
    const error = await new BufferedWriter({ bulk } as never)
      .delete({ index: 'a', id: '1' })
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('no item 0');
  });
});
