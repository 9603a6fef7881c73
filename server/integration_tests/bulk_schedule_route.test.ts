// POST tasks/_bulk_schedule on a push host: per-item answers, and 400s that name the item and field.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import {
  callRoute,
  createIndices,
  deleteIndices,
  readTask,
  startPushHost,
  type TestHost,
} from './push_test_env';

const es = createTestEsClient();
const indices = createIndices('bulk-schedule-route');
const BULK = '/internal/background_tasks/tasks/_bulk_schedule';
let host: TestHost;

const bulk = (body: unknown, space?: string) =>
  callRoute<{ tasks?: Array<Record<string, unknown>>; message?: string }>(host.url, 'POST', BULK, {
    body,
    space,
  });
const status = (id: string, space?: string) =>
  callRoute(host.url, 'GET', `/internal/background_tasks/tasks/${id}`, { space });

beforeAll(async () => {
  host = await startPushHost(indices);
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(es, indices);
  await es.close();
});

describe('POST tasks/_bulk_schedule', () => {
  it('answers each task on its own, in order', async () => {
    const answer = await bulk({
      tasks: [
        { id: 'route-ok', type: 'fixture:once', params: { label: 'a' } },
        { id: 'route-unknown', type: 'fixture:nope' },
        { id: 'route-bad', type: 'fixture:once', params: { label: 7 } },
        { id: 'route-ok', type: 'fixture:once' },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.tasks).toEqual([
      { id: 'route-ok', status: 'in_progress' },
      {
        id: 'route-unknown',
        error: { statusCode: 400, message: expect.stringContaining('fixture:nope') },
      },
      { id: 'route-bad', error: { statusCode: 400, message: expect.stringContaining('[label]') } },
      {
        id: 'route-ok',
        error: { statusCode: 409, message: expect.stringContaining('more than once') },
      },
    ]);
    expect((await status('route-ok')).body).toEqual({ status: 'in_progress' });
    expect(await readTask(es, indices.tasks, 'route-ok')).toBeDefined();
    for (const id of ['route-unknown', 'route-bad']) {
      expect((await status(id)).status).toBe(404);
      expect(await readTask(es, indices.tasks, id)).toBeUndefined();
    }
  });

  it('schedules in the space of the request', async () => {
    const answer = await bulk({ tasks: [{ id: 'route-space', type: 'fixture:once' }] }, 'other');
    expect(answer.body.tasks).toEqual([{ id: 'route-space', status: 'in_progress' }]);
    expect((await status('route-space', 'other')).body).toEqual({ status: 'in_progress' });
    expect((await status('route-space')).status).toBe(404);
  });

  it.each([
    [
      'an item without a type',
      { tasks: [{ id: 'bad-0', type: 'fixture:once' }, { id: 'bad-1' }] },
      '[request body.tasks.1.type]',
    ],
    [
      'a malformed id',
      { tasks: [{ id: 'bad 0', type: 'fixture:once' }] },
      '[request body.tasks.0.id]',
    ],
    [
      'a runAt that is no date',
      {
        tasks: [
          { id: 'bad-0', type: 'fixture:once' },
          { id: 'bad-1', type: 'fixture:once' },
          { id: 'bad-2', type: 'fixture:once', runAt: 'soon' },
        ],
      },
      '[request body.tasks.2.runAt]',
    ],
    [
      'a schedule with two rules',
      {
        tasks: [
          { id: 'bad-0', type: 'fixture:once', schedule: { interval: '1m', cron: '* * * * *' } },
        ],
      },
      '[request body.tasks.0.schedule]',
    ],
    ['no task', { tasks: [] }, '[request body.tasks]'],
    [
      'more than 1,000 tasks',
      { tasks: Array.from({ length: 1001 }, (_, n) => ({ id: `bad-${n}`, type: 'fixture:once' })) },
      '[request body.tasks]',
    ],
  ])('refuses %s with a 400 naming it, and schedules nothing', async (_what, body, field) => {
    const answer = await bulk(body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(field);
    expect((await status('bad-0')).status).toBe(404);
    expect(await readTask(es, indices.tasks, 'bad-0')).toBeUndefined();
  });
});
