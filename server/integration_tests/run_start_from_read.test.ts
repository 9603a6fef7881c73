// A pushed run's start written from the push's read, while the node takes the claim over:
// fenced by that read only, so it never overwrites a change made since (a cancel, or another
// node's start), and the run's own `startRun` answers it without writing again.
import type { Client } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';
import { loggerMock } from '@kbn/core/server/logging.mock';
import type { TrackingDocument } from '../../common';
import { createTestEsClient, uniqueName } from '../../test_helpers/elasticsearch';
import { TaskClient } from '../task_client';
import { TrackingStore, type VersionedTrackingDocument } from '../storage/tracking_store';

describe('TaskClient.startRunFromRead (real Elasticsearch)', () => {
  let es: Client;
  let store: TrackingStore;
  const versions = new Map<string, VersionedTrackingDocument>();
  const starts = new Map<string, string | false>();
  let runClient: TaskClient;
  /** another node's client: no versions or starts of this node's */
  let otherClient: TaskClient;

  beforeAll(async () => {
    es = createTestEsClient();
    store = new TrackingStore(es as unknown as ElasticsearchClient, uniqueName('bt-start-ahead'));
    await store.ensureIndex();
    const deps = {
      space: 'default',
      store,
      taskManager: {} as never,
      getTaskType: () => undefined,
      logger: loggerMock.create(),
      staleThresholdMs: 60_000,
      maxConflictRetries: 3,
    };
    runClient = new TaskClient({ ...deps, runVersions: versions, runStarts: starts });
    otherClient = new TaskClient(deps);
  });

  afterAll(async () => {
    await es.indices.delete({ index: store.index, ignore_unavailable: true });
    await es.close();
  });

  /** A scheduled task's tracking document, as the push's read sees it. */
  async function scheduled(id: string): Promise<VersionedTrackingDocument> {
    const now = new Date().toISOString();
    const doc: TrackingDocument = {
      id,
      type: 'test:work',
      status: 'in_progress',
      space: 'default',
      created_at: now,
      updated_at: now,
      task: { params: {} },
    };
    return store.create(doc);
  }

  it('writes the start once; the run then answers it without another write', async () => {
    versions.set('ahead', await scheduled('ahead'));
    await runClient.startRunFromRead('ahead');
    const written = await store.get('ahead');
    expect(written?.doc.run_started_at).toEqual(expect.any(String));
    expect(starts.get('ahead')).toBe(written?.doc.run_started_at);

    await expect(runClient.startRun('ahead')).resolves.toBe(written?.doc.run_started_at);
    expect(starts.has('ahead')).toBe(false);
    expect((await store.get('ahead'))?.seqNo).toBe(written?.seqNo);
  });

  it('leaves a cancel made since the read alone; the run then reads it and does not start', async () => {
    const read = await scheduled('canceled-since');
    versions.set('canceled-since', read);
    await store.replace({ ...read.doc, status: 'being_canceled' }, read);

    await runClient.startRunFromRead('canceled-since');
    expect(starts.has('canceled-since')).toBe(false);
    expect((await store.get('canceled-since'))?.doc.status).toBe('being_canceled');

    await expect(runClient.startRun('canceled-since')).resolves.toBe(false);
    expect((await store.get('canceled-since'))?.doc.status).toBe('canceled');
  });

  it("never overwrites another node's start written after the read", async () => {
    versions.set('taken-over', await scheduled('taken-over'));
    const othersRun = await otherClient.startRun('taken-over');
    expect(othersRun).toEqual(expect.any(String));

    await runClient.startRunFromRead('taken-over');
    expect(starts.has('taken-over')).toBe(false);
    expect((await store.get('taken-over'))?.doc.run_started_at).toBe(othersRun);
  });
});
