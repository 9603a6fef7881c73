import type { Client } from '@elastic/elasticsearch';
import {
  isRefusal,
  trackingTransitions as transitions,
  type RetentionPolicy,
  type TrackingDocument,
  type TrackingTransition,
} from '../../common';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import { Dispatcher } from '../src/dispatcher';
import { createLogger } from '../src/logger';
import { sweepFinished, type SweepFinishedOptions } from '../src/sweep_finished';
import {
  createTestIndices,
  deleteTestIndices,
  testDispatcherConfig,
  type TestIndices,
} from './helpers/indices';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const policy: RetentionPolicy = {
  completed: DAY,
  acknowledged: 2 * DAY,
  canceled: HOUR,
  failed: 3 * DAY,
};
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function written(transition: TrackingTransition): TrackingDocument {
  if (isRefusal(transition)) throw new Error(`refused: ${transition.refused}`);
  return transition.doc;
}

/** A run scheduled and started at `startMs` after T0, through the state machine. */
function started(id: string, startMs = 0, retention: RetentionPolicy | null = policy) {
  const input = { id, type: 'test:work', space: 'default', params: {}, staleThresholdMs: HOUR };
  const scheduled = written(
    transitions.schedule(undefined, {
      ...input,
      now: at(startMs),
      retention: retention ?? undefined,
    })
  );
  return written(transitions.startRun(scheduled, at(startMs)));
}
const oneShot = (ms: number) => ({ now: at(ms), recurring: false });
const completed = (id: string, ms = 0) =>
  written(transitions.finishRun(started(id, ms), { kind: 'completed', payload: 1 }, oneShot(ms)));
const failed = (id: string, ms = 0) =>
  written(transitions.finishRun(started(id, ms), { kind: 'failed', error: 'boom' }, oneShot(ms)));
const canceled = (id: string, ms = 0) =>
  written(transitions.finishRun(started(id, ms), { kind: 'canceled' }, oneShot(ms)));

async function writeTracking(es: Client, index: string, docs: TrackingDocument[]) {
  const response = await es.bulk({
    refresh: true,
    operations: docs.flatMap((doc) => [{ index: { _index: index, _id: doc.id } }, doc]),
  });
  if (response.errors) throw new Error(JSON.stringify(response.items[0]));
}

/** Task documents in Kibana's layout, last updated at `updatedMs` after T0. */
async function writeTasks(
  es: Client,
  index: string,
  tasks: Array<{ id: string; status: string; updatedMs: number; scope?: string }>
) {
  const response = await es.bulk({
    refresh: true,
    operations: tasks.flatMap(({ id, status, updatedMs, scope = 'backgroundTasks' }) => [
      { index: { _index: index, _id: `task:${id}` } },
      {
        type: 'task',
        updated_at: at(updatedMs),
        task: {
          taskType: 'test:work',
          status,
          runAt: at(0),
          scheduledAt: at(0),
          attempts: 1,
          params: '{}',
          state: '{}',
          scope: [scope],
          enabled: true,
        },
      },
    ]),
  });
  if (response.errors) throw new Error(JSON.stringify(response.items[0]));
}

async function idsIn(es: Client, index: string): Promise<string[]> {
  await es.indices.refresh({ index });
  const { hits } = await es.search({ index, size: 1000, _source: false });
  return hits.hits.map((hit) => hit._id ?? '').sort();
}

describe('the retention sweep', () => {
  let es: Client;
  let indices: TestIndices;
  let options: (nowMs: number) => SweepFinishedOptions;

  beforeEach(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-retention');
    options = (nowMs) => ({
      trackingIndex: indices.tracking,
      tasksIndex: indices.tasks,
      scope: 'backgroundTasks',
      failedTaskRetentionMs: DAY,
      batchSize: 3,
      maxBatches: 100,
      now: new Date(T0 + nowMs),
    });
  });

  afterEach(async () => {
    await deleteTestIndices(es, indices);
    await es.indices.delete({
      index: [`${indices.tracking}-archive-*`, `${indices.tasks}-archive-*`],
      expand_wildcards: 'all',
      ignore_unavailable: true,
    });
    await es.close();
  });

  it('removes finished documents older than their setting as the clock moves, and nothing else', async () => {
    const recurring = written(
      transitions.finishRun(
        started('recurring'),
        { kind: 'completed', payload: 1 },
        {
          now: at(0),
          recurring: true,
        }
      )
    );
    const rescheduled = written(
      transitions.schedule(failed('rescheduled'), {
        id: 'rescheduled',
        type: 'test:work',
        space: 'default',
        params: {},
        now: at(HOUR),
        staleThresholdMs: HOUR,
        retention: policy,
      })
    );
    await writeTracking(es, indices.tracking, [
      completed('completed'), // kept until T0 + 1d
      written(transitions.acknowledge(completed('acknowledged'), at(DAY))), // T0 + 3d
      canceled('canceled'), // T0 + 1h
      failed('failed'), // T0 + 3d
      started('running'),
      recurring,
      rescheduled,
      { ...completed('before-retention'), retention: undefined, retain_until: undefined },
      // Scheduled before retention existed: no policy, so never stamped.
      written(
        transitions.finishRun(
          started('legacy', 0, null),
          { kind: 'failed', error: 'x' },
          oneShot(0)
        )
      ),
    ]);
    await writeTasks(es, indices.tasks, [
      { id: 'failed-old', status: 'failed', updatedMs: 0 },
      { id: 'failed-young', status: 'failed', updatedMs: 2 * DAY },
      { id: 'failed-other-plugin', status: 'failed', updatedMs: 0, scope: 'alerting' },
      { id: 'idle-old', status: 'idle', updatedMs: 0 },
    ]);
    const unfinished = ['before-retention', 'legacy', 'recurring', 'rescheduled', 'running'];

    expect(await sweepFinished(es, options(30 * 60_000))).toEqual({
      tracking: 0,
      tasks: 0,
      errors: [],
    });

    expect(await sweepFinished(es, options(2 * DAY))).toEqual({
      tracking: 2,
      tasks: 1,
      errors: [],
    });
    expect(await idsIn(es, indices.tracking)).toEqual(
      ['acknowledged', 'failed', ...unfinished].sort()
    );
    expect(await idsIn(es, indices.tasks)).toEqual(
      ['task:failed-other-plugin', 'task:failed-young', 'task:idle-old'].sort()
    );

    expect(await sweepFinished(es, options(4 * DAY))).toEqual({
      tracking: 2,
      tasks: 1,
      errors: [],
    });
    expect(await idsIn(es, indices.tracking)).toEqual(unfinished.sort());
    expect(await idsIn(es, indices.tasks)).toEqual(['task:failed-other-plugin', 'task:idle-old']);
  });

  it('two sweepers racing over the same documents: no error, each removed and counted once', async () => {
    const expired = Array.from({ length: 40 }, (_, i) => canceled(`expired-${i}`));
    const young = Array.from({ length: 5 }, (_, i) => failed(`young-${i}`));
    const running = Array.from({ length: 5 }, (_, i) => started(`running-${i}`));
    await writeTracking(es, indices.tracking, [...expired, ...young, ...running]);

    const results = await Promise.all([
      sweepFinished(es, options(2 * HOUR)),
      sweepFinished(es, options(2 * HOUR)),
    ]);

    expect(results.flatMap((result) => result.errors)).toEqual([]);
    expect(results[0].tracking + results[1].tracking).toBe(40);
    expect(await idsIn(es, indices.tracking)).toEqual(
      [...young, ...running].map((doc) => doc.id).sort()
    );
  });

  it('archives into a dated index before deleting, each document once with two sweepers racing', async () => {
    const expired = Array.from({ length: 20 }, (_, i) => failed(`expired-${i}`));
    await writeTracking(es, indices.tracking, [...expired, started('running')]);
    await writeTasks(es, indices.tasks, [{ id: 'failed-old', status: 'failed', updatedMs: 0 }]);
    const archiving = { ...options(4 * DAY), archive: true };

    const results = await Promise.all([sweepFinished(es, archiving), sweepFinished(es, archiving)]);

    expect(results.flatMap((result) => result.errors)).toEqual([]);
    expect(results[0].tracking + results[1].tracking).toBe(20);
    expect(results[0].tasks + results[1].tasks).toBe(1);
    expect(await idsIn(es, indices.tracking)).toEqual(['running']);
    const archive = `${indices.tracking}-archive-2030.01.05`;
    await es.indices.refresh({ index: archive });
    const { hits } = await es.search<TrackingDocument>({ index: archive, size: 100 });
    expect(hits.hits.map((hit) => hit._source?.id).sort()).toEqual(expired.map((d) => d.id).sort());
    expect(hits.hits.every((hit) => hit._source?.status === 'failed')).toBe(true);
    expect(await idsIn(es, `${indices.tasks}-archive-2030.01.05`)).toHaveLength(1);
  });

  it('keeps a document re-scheduled between the search and the delete (the delete is fenced)', async () => {
    await writeTracking(es, indices.tracking, [canceled('raced'), canceled('plain')]);
    // A Client whose bulk first lets a user re-schedule `raced`, as if in between.
    const racing = new Proxy(es, {
      get(target, key, receiver) {
        if (key !== 'bulk') return Reflect.get(target, key, receiver);
        return async (request: Parameters<Client['bulk']>[0]) => {
          const again = transitions.schedule(canceled('raced'), {
            id: 'raced',
            type: 'test:work',
            space: 'default',
            params: {},
            now: at(2 * HOUR),
            staleThresholdMs: HOUR,
            retention: policy,
          });
          await es.index({ index: indices.tracking, id: 'raced', document: written(again) });
          return es.bulk(request);
        };
      },
    });

    expect(await sweepFinished(racing, options(2 * HOUR))).toEqual({
      tracking: 1,
      tasks: 0,
      errors: [],
    });
    const kept = await es.get<TrackingDocument>({ index: indices.tracking, id: 'raced' });
    expect(kept._source?.status).toBe('in_progress');
    expect(kept._source?.retain_until).toBeUndefined();
  });
});

describe('the dispatcher leader runs the retention sweep', () => {
  let es: Client;
  let indices: TestIndices;
  const dispatchers: Dispatcher[] = [];

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-retention-leader');
  });

  afterAll(async () => {
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
    await deleteTestIndices(es, indices);
    await es.close();
  });

  it('sweeps on its interval, only on the leader, and counts what it removed', async () => {
    const now = Date.now() - T0;
    // Canceled two hours ago with one hour's retention: expired by the real clock.
    const expired = Array.from({ length: 12 }, (_, i) => canceled(`expired-${i}`, now - 2 * HOUR));
    const kept = canceled('kept', now);
    await writeTracking(es, indices.tracking, [...expired, kept]);
    const config = testDispatcherConfig(getEsUrl(), indices, {
      retention: { sweep_interval_ms: 100, batch_size: 5 },
    });
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    for (const id of ['retention-a', 'retention-b']) {
      const dispatcher = new Dispatcher({ ...config, id }, { defaultMetrics: false, logger });
      dispatchers.push(dispatcher);
      await dispatcher.start();
    }

    await waitFor(async () => (await idsIn(es, indices.tracking)).length === 1, {
      description: 'the expired tracking documents to be swept',
    });
    expect(await idsIn(es, indices.tracking)).toEqual(['kept']);
    const removed = await Promise.all(
      dispatchers.map(async (dispatcher) => {
        const { values } = await dispatcher.metrics.retentionRemoved.get();
        return values.find((v) => v.labels.document === 'tracking')?.value ?? 0;
      })
    );
    const leader = dispatchers.findIndex((dispatcher) => dispatcher.isLeader());
    expect(leader).toBeGreaterThanOrEqual(0);
    expect(removed[leader]).toBe(12);
    expect(removed[1 - leader]).toBe(0);
    const logged = lines
      .map((line) => JSON.parse(line) as { message: string; retention?: { tracking: number } })
      .filter((line) => line.message.startsWith('Retention sweep removed'));
    expect(logged.reduce((sum, line) => sum + (line.retention?.tracking ?? 0), 0)).toBe(12);
  });
});
