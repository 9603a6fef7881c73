import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient, uniqueName } from '../elasticsearch';

describe('the provisioned Elasticsearch', () => {
  let es: Client;
  const index = uniqueName('bt-smoke');

  beforeAll(() => {
    es = createTestEsClient();
  });

  afterAll(async () => {
    await es.indices.delete({ index, ignore_unavailable: true });
    await es.close();
  });

  it('is a 9.x server, matching the client major version', async () => {
    // The integ-test-zip distribution has no `GET /`: read the version from the nodes API.
    const { nodes } = await es.nodes.info({ metric: 'settings' });
    const versions = Object.values(nodes).map((node) => node.version);
    expect(versions).toEqual([expect.stringMatching(/^9\./)]);
  });

  it('creates an index and reads a document back', async () => {
    await es.indices.create({ index, mappings: { properties: { name: { type: 'keyword' } } } });
    await es.index({ index, id: 'one', document: { name: 'first' }, refresh: 'wait_for' });

    const doc = await es.get<{ name: string }>({ index, id: 'one' });
    expect(doc._source).toEqual({ name: 'first' });

    const found = await es.search<{ name: string }>({ index, query: { term: { name: 'first' } } });
    expect(found.hits.hits.map((hit) => hit._id)).toEqual(['one']);
  });
});
