// A lease write whose answer is lost after it landed (an Elasticsearch node died; the client
// sent it again to another node, which answered 409 against the first write) keeps the lease.
import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { LEADER_LEASE_ID, type LeaderLeaseDocument } from '../../common/push/push_protocol';
import { LeaderLease } from '../src/leader_lease';
import { createLogger } from '../src/logger';
import { createTestIndices, deleteTestIndices, type TestIndices } from './helpers/indices';

describe('leader lease with a lost write answer', () => {
  let es: Client;
  let indices: TestIndices;
  const lines: string[] = [];

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-lease-lost');
  });

  afterAll(async () => {
    await deleteTestIndices(es, indices);
    await es.close();
  });

  it('reads its own landed write back and stays the leader', async () => {
    // Every write lands, then is sent again as the client's retry would: the real 409 follows.
    const resending = Object.create(es) as Client;
    resending.index = (async (params: Parameters<Client['index']>[0]) => {
      await es.index(params);
      return es.index(params);
    }) as Client['index'];
    const lease = new LeaderLease(
      resending,
      {
        index: indices.dispatcher,
        id: LEADER_LEASE_ID,
        holder: 'lost-answer',
        durationMs: 3000,
        renewIntervalMs: 500,
        safetyMarginMs: 1000,
      },
      createLogger('debug', (line) => lines.push(line))
    );

    await lease.tick(); // acquired: a create, resent
    expect(lease.isLeader()).toBe(true);
    await lease.tick(); // renewed: a fenced index, resent
    await lease.tick();
    expect(lease.isLeader()).toBe(true);
    expect(lease.term()).toBe(1);
    const stored = await es.get<LeaderLeaseDocument>({
      index: indices.dispatcher,
      id: LEADER_LEASE_ID,
    });
    expect(stored._source).toMatchObject({ holder: 'lost-answer', term: 1 });
    expect(lines.join('\n')).not.toMatch(/No longer the leader/);
  });
});
