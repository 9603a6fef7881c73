// The buffered reader against Elasticsearch: reads of one tick, or made while one is in flight,
// share one realtime _mget, each caller answered its own documents, in its order.
import { Client } from '@elastic/elasticsearch';
import { createTestEsClient, uniqueName } from '../../test_helpers/elasticsearch';
import { BufferedReader, type MgetItem } from '../storage/buffered_reader';

jest.setTimeout(60_000);

describe('BufferedReader against Elasticsearch', () => {
  let client: Client;
  let mgetRequests = 0;
  const tasks = uniqueName('.test-bt-reader-tasks');
  const tracking = uniqueName('.test-bt-reader-tracking');

  beforeAll(async () => {
    client = createTestEsClient();
    client.diagnostic.on('request', (_error, event) => {
      if (event?.meta.request.params.path.endsWith('/_mget')) mgetRequests++;
    });
    await client.indices.create({ index: tasks });
    await client.indices.create({ index: tracking });
  });

  afterAll(async () => {
    await client.indices.delete({ index: [tasks, tracking], ignore_unavailable: true });
    await client.close();
  });

  /** Reads, all in one tick, the task and the tracking document of each of `ns`. */
  const readTaskAndTracking = (reader: BufferedReader, ns: number[]) =>
    Promise.all(
      ns.map((n) =>
        reader.mget([
          { _index: tasks, _id: `task:${n}` },
          { _index: tracking, _id: `${n}` },
        ])
      )
    );
  const sourceOf = (item: MgetItem) => ('found' in item && item.found ? item._source : undefined);

  it('answers reads of one tick from one _mget, each its own documents, realtime', async () => {
    // not refreshed: only a realtime read sees them
    for (const n of [1, 2, 3]) {
      await client.index({ index: tasks, id: `task:${n}`, document: { n }, refresh: false });
      await client.index({ index: tracking, id: `${n}`, document: { t: n }, refresh: false });
    }
    const reader = new BufferedReader(client);
    const before = mgetRequests;
    const answers = await readTaskAndTracking(reader, [3, 1, 2, 4]);
    expect(mgetRequests - before).toBe(1);
    expect(answers.map((items) => items.map(sourceOf))).toEqual([
      [{ n: 3 }, { t: 3 }],
      [{ n: 1 }, { t: 1 }],
      [{ n: 2 }, { t: 2 }],
      [undefined, undefined],
    ]);
  });

  it('sends the reads made while one is in flight together once it is answered', async () => {
    const reader = new BufferedReader(client);
    const before = mgetRequests;
    const first = reader.mget([{ _index: tasks, _id: 'task:1' }]);
    await new Promise((resolve) => setImmediate(resolve)); // the first _mget is sent
    const later = [2, 3].map((n) => reader.mget([{ _index: tasks, _id: `task:${n}` }]));
    const answers = await Promise.all([first, ...later]);
    expect(mgetRequests - before).toBe(2);
    expect(answers.map(([item]) => sourceOf(item))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('splits a tick over maxDocs into several requests, never a read across two', async () => {
    const reader = new BufferedReader(client, {}, 3);
    const before = mgetRequests;
    const answers = await readTaskAndTracking(reader, [1, 2, 3]);
    expect(mgetRequests - before).toBe(3);
    expect(answers.map((items) => items.map(sourceOf))).toEqual([
      [{ n: 1 }, { t: 1 }],
      [{ n: 2 }, { t: 2 }],
      [{ n: 3 }, { t: 3 }],
    ]);
  });

  it('rejects every read of a request that failed as a whole; the next tick reads again', async () => {
    const unreachable = new Client({ node: 'http://127.0.0.1:1', maxRetries: 0 });
    try {
      const reader = new BufferedReader(unreachable);
      const reads = await Promise.allSettled(
        [1, 2].map((n) => reader.mget([{ _index: tasks, _id: `task:${n}` }]))
      );
      expect(reads.map(({ status }) => status)).toEqual(['rejected', 'rejected']);
    } finally {
      await unreachable.close();
    }
    const reader = new BufferedReader(client);
    const [item] = await reader.mget([{ _index: tasks, _id: 'task:1' }]);
    expect(sourceOf(item)).toEqual({ n: 1 });
  });
});
