// A pushed run's start, decided from the push's read as the run begins and
// written only if the run outlasts a delay; a shorter run writes start and outcome in one write.
// Both are fenced by that read, so neither overwrites a change made since (a cancel, another
// node's start, an outcome that already landed).
import type { Client } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';
import { loggerMock } from '@kbn/core/server/logging.mock';
import type { TrackingDocument } from '../../common';
import { createTestEsClient, uniqueName } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import { RunStarts } from '../run_starts';
import { TaskClient, type TaskClientDeps } from '../task_client';
import { TrackingStore, type VersionedTrackingDocument } from '../storage/tracking_store';

/** short, so a test can outlast it; runs that must not outlast it finish at once */
const DELAY_MS = 300;

describe('deferred run starts (real Elasticsearch)', () => {
  let es: Client;
  let store: TrackingStore;
  const versions = new Map<string, VersionedTrackingDocument>();
  const starts = new RunStarts(DELAY_MS);
  let runClient: TaskClient;
  /** another node's client, or a user's: no versions or starts of this node's */
  let otherClient: TaskClient;
  let deps: TaskClientDeps;

  beforeAll(async () => {
    es = createTestEsClient();
    store = new TrackingStore(es as unknown as ElasticsearchClient, uniqueName('bt-start-ahead'));
    await store.ensureIndex();
    deps = {
      space: 'default',
      store,
      // a pushed task is claimed: a cancel leaves it to its run
      taskManager: { get: async () => ({ status: 'running' }) } as never,
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

  /** A scheduled task's tracking document, read by a push: what `startRunFromRead` decides from. */
  async function pushed(
    id: string,
    status: TrackingDocument['status'] = 'in_progress'
  ): Promise<VersionedTrackingDocument> {
    const now = new Date().toISOString();
    const doc: TrackingDocument = {
      id,
      type: 'test:work',
      status,
      space: 'default',
      created_at: now,
      updated_at: now,
      task: { params: {} },
    };
    const read = await store.create(doc);
    versions.set(id, read);
    return read;
  }

  /** How many times the document was written (Elasticsearch's `_version`). */
  async function writes(id: string): Promise<number> {
    return (await es.get({ index: store.index, id }))._version! - 1;
  }

  it('a run shorter than the delay writes its start and outcome in one write', async () => {
    await pushed('short');
    await runClient.startRunFromRead('short');
    expect(await writes('short')).toBe(0);

    const runStartedAt = await runClient.startRun('short');
    expect(runStartedAt).toEqual(expect.any(String));
    expect(
      await runClient.complete('short', { n: 1 }, { runStartedAt: runStartedAt as string })
    ).toBe('completed');

    expect(await writes('short')).toBe(1);
    const { doc } = (await store.get('short'))!;
    expect(doc).toMatchObject({ status: 'completed', runs: 1, task: { payload: { n: 1 } } });
    expect(doc.run_started_at).toBeUndefined();
    expect(starts.has('short')).toBe(false);
  });

  it('a run outlasting the delay shows its start while it runs, then its outcome', async () => {
    await pushed('long');
    await runClient.startRunFromRead('long');
    const runStartedAt = (await runClient.startRun('long')) as string;
    const started = await waitFor(async () => (await store.get('long'))?.doc.run_started_at, {
      description: 'the deferred start',
    });
    expect(started).toBe(runStartedAt);
    // Its progress signal counts from the run's start: it goes stale as early as it would have.
    expect((await store.get('long'))?.doc.updated_at).toBe(runStartedAt);

    expect(await runClient.fail('long', 'boom', { runStartedAt })).toBe('failed');
    expect(await writes('long')).toBe(2);
    expect((await store.get('long'))?.doc).toMatchObject({ status: 'failed', runs: 1 });
  });

  it('keeps the progress the run reported before its start was written', async () => {
    const read = await pushed('progress');
    await runClient.startRunFromRead('progress');
    const runStartedAt = (await runClient.startRun('progress')) as string;
    const at = new Date().toISOString();
    // What the cancellation watcher writes for a report: fenced by what it read.
    await store.replace({ ...read.doc, updated_at: at, progress: { at, message: 'half' } }, read);

    await waitFor(async () => (await store.get('progress'))?.doc.run_started_at, {
      description: 'the deferred start',
    });
    const { doc } = (await store.get('progress'))!;
    expect(doc).toMatchObject({ run_started_at: runStartedAt, progress: { message: 'half' } });
    await runClient.complete('progress', null, { runStartedAt });
  });

  it('a cancel asked during the run ends it canceled, start and outcome in one write', async () => {
    await pushed('canceled-while-running');
    await runClient.startRunFromRead('canceled-while-running');
    const runStartedAt = (await runClient.startRun('canceled-while-running')) as string;
    await otherClient.cancel('canceled-while-running');

    expect(await runClient.markCanceled('canceled-while-running', { runStartedAt })).toBe(
      'canceled'
    );
    expect((await store.get('canceled-while-running'))?.doc.status).toBe('canceled');
    expect(await writes('canceled-while-running')).toBe(2); // the cancel, then the outcome
  });

  it('a cancel asked before the read is written at once, and nothing runs', async () => {
    await pushed('canceled-before', 'being_canceled');

    await runClient.startRunFromRead('canceled-before');
    expect((await store.get('canceled-before'))?.doc.status).toBe('canceled');
    await expect(runClient.startRun('canceled-before')).resolves.toBe(false);
    expect(await writes('canceled-before')).toBe(1);
  });

  it("never records an outcome over another run's start made after the read", async () => {
    await pushed('taken-over');
    await runClient.startRunFromRead('taken-over');
    const runStartedAt = (await runClient.startRun('taken-over')) as string;
    // A start names its run by its millisecond: the other run starts in a later one.
    await waitFor(() => Date.now() > Date.parse(runStartedAt), { intervalMs: 1 });
    const othersRun = await otherClient.startRun('taken-over');
    expect(othersRun).toEqual(expect.any(String));

    expect(await runClient.complete('taken-over', null, { runStartedAt })).toBe('in_progress');
    expect((await store.get('taken-over'))?.doc).toMatchObject({
      status: 'in_progress',
      run_started_at: othersRun,
    });
  });

  it('an outcome retried after its write landed is not recorded twice', async () => {
    await pushed('retried');
    await runClient.startRunFromRead('retried');
    const runStartedAt = (await runClient.startRun('retried')) as string;
    // Another run's starts map still holds the read, as after a write whose answer was lost.
    const retry = new RunStarts(DELAY_MS);
    const retryClient = new TaskClient({
      ...deps,
      runVersions: new Map([['retried', versions.get('retried')!]]),
      runStarts: retry,
    });
    retry.decided('retried', { runStartedAt, read: versions.get('retried')! });
    expect(retry.begin('retried', async () => undefined)).toBe(runStartedAt);

    expect(await runClient.complete('retried', 1, { runStartedAt, recurring: true })).toBe(
      'in_progress'
    );
    expect(await retryClient.complete('retried', 2, { runStartedAt, recurring: true })).toBe(
      'in_progress'
    );
    expect((await store.get('retried'))?.doc).toMatchObject({ runs: 1, task: { payload: 1 } });
    expect(await writes('retried')).toBe(1);
  });
});
