import type { Client } from '@elastic/elasticsearch';
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { findDueTasks, findNextRunAt } from '../src/due_task_query';
import { readNotifiedTasks } from '../src/read_notified_tasks';
import {
  createTestIndices,
  deleteTestIndices,
  scheduleTasks,
  type TestIndices,
} from './helpers/indices';

jest.setTimeout(60_000);

describe('the due-task query against Elasticsearch', () => {
  let es: Client;
  let indices: TestIndices;
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  const ahead = new Date(Date.now() + 600_000).toISOString();

  beforeAll(async () => {
    es = createTestEsClient();
    indices = await createTestIndices(es, 'bt-due');
    await scheduleTasks(es, indices.tasks, [
      { id: 'low-old', priority: 1, runAt: ago(60_000) },
      { id: 'normal-recent', runAt: ago(1000) },
      { id: 'normal-old', runAt: ago(50_000) },
      { id: 'high-recent', priority: 100, runAt: ago(1000) },
      {
        id: 'expired-claim',
        status: 'running',
        ownerId: 'gone',
        retryAt: ago(10),
        runAt: ago(40_000),
        attempts: 1,
      },
      {
        id: 'live-claim',
        status: 'running',
        ownerId: 'n',
        retryAt: ahead,
        runAt: ago(40_000),
        attempts: 1,
      },
      { id: 'future', runAt: ahead },
      { id: 'other-scope', scope: ['alerting'] },
      { id: 'other-type', type: 'test:unknown' },
      { id: 'failed', status: 'failed' },
    ]);
  });

  afterAll(async () => {
    await deleteTestIndices(es, indices);
    await es.close();
  });

  const query = (size: number) =>
    findDueTasks(es, {
      index: indices.tasks,
      scope: 'backgroundTasks',
      types: ['test:work'],
      size,
      now: Date.now(),
    });

  it('finds idle tasks past runAt and expired claims, by priority then runAt', async () => {
    const due = await query(100);
    expect(due.map((t) => t.id)).toEqual([
      'high-recent',
      'normal-old',
      'expired-claim',
      'normal-recent',
      'low-old',
    ]);
    expect(due[0]).toMatchObject({ seqNo: expect.any(Number), primaryTerm: expect.any(Number) });
  });

  it('finds the earliest runAt still to come within a window, of idle tasks only', async () => {
    const next = (until: number, types = ['test:work']) =>
      findNextRunAt(es, {
        index: indices.tasks,
        scope: 'backgroundTasks',
        types,
        now: Date.now(),
        until,
      });
    expect(await next(Date.now() + 700_000)).toBe(Date.parse(ahead)); // 'future'
    expect(await next(Date.now() + 60_000)).toBeUndefined(); // 'future' comes later
    expect(await next(Date.now() + 700_000, ['test:unknown'])).toBeUndefined();
  });

  it('reads one batch at a time', async () => {
    expect((await query(2)).map((t) => t.id)).toEqual(['high-recent', 'normal-old']);
  });

  it('finds nothing in a missing index, rather than failing', async () => {
    await expect(
      findDueTasks(es, {
        index: `${indices.tasks}-missing`,
        scope: 'backgroundTasks',
        types: ['t'],
        size: 5,
        now: Date.now(),
      })
    ).resolves.toEqual([]);
  });

  it('reads notified ids in realtime, keeping only the due ones', async () => {
    await scheduleTasks(es, indices.tasks, [{ id: 'just-now' }], false);
    const due = await readNotifiedTasks(es, {
      index: indices.tasks,
      scope: 'backgroundTasks',
      ids: ['just-now', 'future', 'live-claim', 'missing', 'other-scope'],
      now: Date.now(),
    });
    expect(due.map((t) => t.id)).toEqual(['just-now']);
  });
});
