import type { ElasticsearchClient } from '@kbn/core/server';
import { TrackingStore } from './tracking_store';

function storeAnswering(docs: unknown[]) {
  const esClient = {
    indices: { create: jest.fn().mockResolvedValue({}), exists: jest.fn().mockResolvedValue(true) },
    mget: jest.fn().mockResolvedValue({ docs }),
  };
  const store = new TrackingStore(esClient as unknown as ElasticsearchClient, 'tracking');
  jest.spyOn(store, 'ensureIndex').mockResolvedValue();
  return store;
}

describe('TrackingStore.mget', () => {
  it('leaves out documents that are not found', async () => {
    const store = storeAnswering([
      {
        _id: 'a',
        found: true,
        _seq_no: 3,
        _primary_term: 1,
        _source: { id: 'a', status: 'in_progress' },
      },
      { _id: 'b', found: false },
    ]);
    const docs = await store.mget(['a', 'b']);
    expect([...docs.keys()]).toEqual(['a']);
    expect(docs.get('a')).toMatchObject({ seqNo: 3, primaryTerm: 1 });
  });

  it('fails instead of reporting a document gone when Elasticsearch could not read it', async () => {
    const store = storeAnswering([
      { _id: 'a', error: { type: 'no_shard_available_action_exception', reason: 'no shard' } },
    ]);
    await expect(store.mget(['a'])).rejects.toThrow('Could not read task [a]: no shard');
  });
});

describe('TrackingStore.withClient', () => {
  it('reads through the other client with its read options, and creates the index once', async () => {
    const created = jest.fn().mockResolvedValue({});
    const clientOf = () => ({
      indices: {
        create: created,
        exists: jest.fn().mockResolvedValue(false),
        putMapping: jest.fn(),
      },
      get: jest.fn().mockResolvedValue({ found: false }),
    });
    const retrying = clientOf();
    const failFast = clientOf();
    const store = new TrackingStore(retrying as unknown as ElasticsearchClient, 'tracking');
    const requestStore = store.withClient(failFast as unknown as ElasticsearchClient, {
      maxRetries: 0,
      requestTimeout: 750,
    });
    await store.ensureIndex();
    await requestStore.get('a');
    expect(failFast.get).toHaveBeenCalledWith(
      { index: 'tracking', id: 'a' },
      { maxRetries: 0, requestTimeout: 750 }
    );
    expect(retrying.get).not.toHaveBeenCalled();
    expect(created).toHaveBeenCalledTimes(1);
  });
});
