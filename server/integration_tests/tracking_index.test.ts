// Acceptance 7 against Elasticsearch: the index the code creates matches the snapshot, and
// creation is idempotent when many nodes start at once.
import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, uniqueName } from '../../test_helpers/elasticsearch';
import snapshot from '../storage/tracking_index_mappings.snapshot.json';
import { ensureTrackingIndex } from '../storage/ensure_tracking_index';

jest.setTimeout(60_000);

describe('the tracking index', () => {
  let client: Client;
  const index = uniqueName('.test-bt-tracking-index');

  beforeAll(() => {
    client = createTestEsClient();
  });

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it('is created once by many nodes starting at the same time', async () => {
    await Promise.all(Array.from({ length: 10 }, () => ensureTrackingIndex(client, index)));
    await ensureTrackingIndex(client, index); // and again later, by a restarted node
    expect(await client.indices.exists({ index })).toBe(true);
  });

  it('is readable by every node as soon as its call returns, also by the nodes that lost the race', async () => {
    // The losers of a creation race must not read before the primary shard is active: their
    // searches would fail with "all shards failed" and their gets with a 503.
    const failures: string[] = [];
    for (let round = 0; round < 5; round++) {
      const fresh = uniqueName('.test-bt-tracking-race');
      try {
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            await ensureTrackingIndex(client, fresh);
            try {
              await client.search({ index: fresh, size: 0 });
              await client.get({ index: fresh, id: 'missing' });
            } catch (error) {
              const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
              if (status !== 404) failures.push(`${fresh}: ${status} ${(error as Error).message}`);
            }
          })
        );
      } finally {
        await client.indices.delete({ index: fresh, ignore_unavailable: true });
      }
    }
    expect(failures).toEqual([]);
  });

  it('has exactly the snapshot mappings in Elasticsearch', async () => {
    const response = await client.indices.getMapping({ index });
    const { mappings } = response[index];
    // Elasticsearch answers `dynamic` as a string.
    expect({ ...mappings, dynamic: String(mappings.dynamic) }).toEqual({
      ...snapshot,
      dynamic: String(snapshot.dynamic),
    });
  });

  it('is hidden and does not index the task payload', async () => {
    const settings = await client.indices.getSettings({ index });
    expect(settings[index].settings?.index?.hidden).toBe('true');
    await client.index({
      index,
      id: 'x',
      document: { id: 'x', task: { payload: { anything: 'goes' } } },
      refresh: true,
    });
    const found = await client.search({
      index,
      query: { match: { 'task.payload.anything': 'goes' } },
    });
    expect(found.hits.hits).toHaveLength(0);
  });
});
