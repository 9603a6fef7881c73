// The task routes end to end: schedule, status, completion, acknowledge, cancel, errors, spaces.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import {
  callRoute,
  claimTask,
  createIndices,
  deleteIndices,
  executionsOf,
  push,
  readTask,
  startPushHost,
  type TestHost,
} from './push_test_env';

const es = createTestEsClient();
const indices = createIndices('task-routes');
const TASKS = '/internal/background_tasks/tasks';
let host: TestHost;

const get = (id: string, space?: string) => callRoute(host.url, 'GET', `${TASKS}/${id}`, { space });
const post = (id: string, flags: string, options: { space?: string; body?: unknown } = {}) =>
  callRoute(host.url, 'POST', `${TASKS}/${id}${flags}`, options);

/** What the dispatcher would do: claim the task for the node and push it. */
async function dispatch(id: string) {
  const body = await claimTask(es, indices.tasks, id, host.uuid);
  expect((await push(host.url, body)).status).toBe(202);
}

beforeAll(async () => {
  host = await startPushHost(indices);
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(es, indices);
  await es.close();
});

describe('the task life cycle through the routes', () => {
  it('schedule → in_progress → completed with payload → acknowledge → acknowledged', async () => {
    const scheduled = await post('life-1', '?schedule=true', {
      body: { type: 'fixture:once', params: { label: 'done' } },
    });
    expect(scheduled).toMatchObject({ status: 200, body: { status: 'in_progress' } });
    expect((await get('life-1')).body).toEqual({ status: 'in_progress' });
    expect((await post('life-1', '')).body).toEqual({ status: 'in_progress' });
    await dispatch('life-1');
    const completed = await waitFor(async () => {
      const { body } = await get('life-1');
      return body.status === 'completed' ? body : undefined;
    });
    expect(completed).toEqual({ status: 'completed', payload: { label: 'done' } });
    const acknowledged = await post('life-1', '?acknowledge=true');
    expect(acknowledged).toMatchObject({
      status: 200,
      body: { status: 'acknowledged', payload: { label: 'done' } },
    });
    expect((await get('life-1')).body).toMatchObject({ status: 'acknowledged' });
  });

  it('cancel of a running task → being_canceled → canceled, and its document removed', async () => {
    await post('cancel-1', '?schedule=true', {
      body: { type: 'fixture:wait', params: { ms: 600_000 } },
    });
    await dispatch('cancel-1');
    await waitFor(
      async () => (await executionsOf(es, indices.executions, 'cancel-1')).length === 1
    );
    const canceling = await post('cancel-1', '?cancel=true');
    expect(canceling).toMatchObject({ status: 200, body: { status: 'being_canceled' } });
    await waitFor(async () => (await get('cancel-1')).body.status === 'canceled', {
      description: 'the cancel to be recorded',
    });
    await waitFor(async () => (await readTask(es, indices.tasks, 'cancel-1')) === undefined, {
      description: 'the canceled task document to be removed',
    });
  });

  it('cancel of a task not started yet → canceled at once', async () => {
    await post('cancel-2', '?schedule=true', {
      body: {
        type: 'fixture:once',
        params: {},
        runAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    expect(await post('cancel-2', '?cancel=true')).toMatchObject({
      status: 200,
      body: { status: 'canceled' },
    });
    expect(await readTask(es, indices.tasks, 'cancel-2')).toBeUndefined();
  });

  it('lists the space’s tasks, filtered by type and status, paged', async () => {
    await waitFor(
      async () => {
        const { body } = await callRoute<{ tasks: Array<{ id: string }>; total: number }>(
          host.url,
          'GET',
          `${TASKS}?type=fixture:once&status=acknowledged&perPage=5`
        );
        return body.total === 1 && body.tasks[0].id === 'life-1';
      },
      { description: 'the list to show life-1' }
    );
    // Several statuses, as the browser's API client sends them (repeated keys), or just one.
    const many = await callRoute<{ tasks: Array<{ id: string; status: string }> }>(
      host.url,
      'GET',
      `${TASKS}?type=fixture:once&status=acknowledged&status=failed&perPage=50`
    );
    expect(many.status).toBe(200);
    expect(many.body.tasks.map((task) => task.id)).toContain('life-1');
    expect(new Set(many.body.tasks.map((task) => task.status))).toEqual(new Set(['acknowledged']));
    const wrong = await callRoute(host.url, 'GET', `${TASKS}?status=acknowledged&status=nope`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/query\.status/);
    const page = await callRoute(host.url, 'GET', `${TASKS}?page=1&perPage=1`);
    expect(page).toMatchObject({ status: 200, body: { page: 1, perPage: 1 } });
    expect((page.body.tasks as unknown[]).length).toBe(1);
  });
});

describe('client mistakes: 4xx with a message naming the problem', () => {
  it('400 for more than one flag, naming the flags', async () => {
    const answer = await post('x-1', '?schedule=true&cancel=true', {
      body: { type: 'fixture:once', params: {} },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(
      /at most one of the flags \[schedule, cancel, acknowledge\]; got \[schedule, cancel\]/
    );
  });

  it('400 for a schedule without a body, an unknown type, bad params, a bad schedule or runAt', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /request body\.type/],
      [{ type: 'fixture:nope', params: {} }, /Unknown task type \[fixture:nope\]/],
      [
        { type: 'fixture:wait', params: { ms: 'soon' } },
        /Invalid params for task type \[fixture:wait\].*ms/,
      ],
      [
        { type: 'fixture:once', params: {}, schedule: { interval: 'often' } },
        /request body\.0\.schedule\.interval\]: must be {number}/,
      ],
      [
        { type: 'fixture:once', params: {}, schedule: { cron: '0 0 1 * MON' } },
        /request body\.0\.schedule\.cron\]: .*both day-of-month and day-of-week/,
      ],
      [
        { type: 'fixture:once', params: {}, schedule: { cron: '@daily', tz: 'Mars/Olympus' } },
        /request body\.0\.schedule\.tz\]: .*not a time zone/,
      ],
      [
        { type: 'fixture:once', params: {}, schedule: { cron: '@daily', interval: '1m' } },
        /exactly one of \[interval\], \[rrule\] and \[cron\]/,
      ],
      [
        { type: 'fixture:once', params: {}, runAt: 'tomorrow' },
        /request body\.0\.runAt\]: must be an ISO 8601 date/,
      ],
      [{ params: {} }, /request body\.type/],
    ];
    for (const [body, message] of cases) {
      const answer = await post('x-2', '?schedule=true', { body });
      expect({ status: answer.status, message: answer.body.message }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
    }
    expect((await get('x-2')).status).toBe(404);
  });

  it('400 for a bad id, a bad flag value, a bad list filter', async () => {
    expect((await get('bad id!')).status).toBe(400);
    const flag = await post('x-3', '?cancel=maybe');
    expect(flag.status).toBe(400);
    expect(flag.body.message).toMatch(/request query\.cancel/);
    const list = await callRoute(host.url, 'GET', `${TASKS}?status=sleeping&perPage=0`);
    expect(list.status).toBe(400);
    expect(list.body.message).toMatch(/request query\.(status|perPage)/);
  });

  it('404 for an unknown task on every route', async () => {
    for (const answer of [
      await get('nobody'),
      await post('nobody', ''),
      await post('nobody', '?cancel=true'),
      await post('nobody', '?acknowledge=true'),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.message).toMatch(/Task \[nobody\] not found/);
    }
  });

  it('409 acknowledging an incomplete task, and scheduling one being canceled', async () => {
    await post('busy-1', '?schedule=true', {
      body: { type: 'fixture:wait', params: { ms: 600_000 } },
    });
    const ack = await post('busy-1', '?acknowledge=true');
    expect(ack.status).toBe(409);
    expect(ack.body.message).toMatch(/Only completed tasks can be acknowledged/);
    const again = await post('busy-1', '?schedule=true', {
      body: { type: 'fixture:wait', params: { ms: 1 } },
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already in progress/);
    // A cancel the executing node has not picked up yet.
    await es.update({
      index: indices.tracking,
      id: 'busy-1',
      doc: { status: 'being_canceled' },
      refresh: true,
    });
    const during = await post('busy-1', '?schedule=true', {
      body: { type: 'fixture:wait', params: { ms: 1 } },
    });
    expect(during.status).toBe(409);
    expect(during.body.message).toMatch(/still being canceled/);
  });
});

describe('spaces', () => {
  it('a task of space A is 404 from space B on every route, and absent from its list', async () => {
    const scheduled = await post('space-a-1', '?schedule=true', {
      space: 'space-a',
      body: { type: 'fixture:once', params: {} },
    });
    expect(scheduled.status).toBe(200);
    expect((await get('space-a-1', 'space-a')).body).toEqual({ status: 'in_progress' });
    for (const answer of [
      await get('space-a-1', 'space-b'),
      await post('space-a-1', '', { space: 'space-b' }),
      await post('space-a-1', '?cancel=true', { space: 'space-b' }),
      await post('space-a-1', '?acknowledge=true', { space: 'space-b' }),
      await get('space-a-1'),
    ]) {
      expect(answer.status).toBe(404);
    }
    await waitFor(async () => {
      const listA = await callRoute<{ tasks: Array<{ id: string }> }>(host.url, 'GET', TASKS, {
        space: 'space-a',
      });
      return listA.body.tasks.some((task) => task.id === 'space-a-1');
    });
    const listB = await callRoute<{ tasks: Array<{ id: string }> }>(host.url, 'GET', TASKS, {
      space: 'space-b',
    });
    expect(listB.body.tasks.map((task) => task.id)).not.toContain('space-a-1');
    // Still untouched in space A.
    expect((await get('space-a-1', 'space-a')).body).toEqual({ status: 'in_progress' });
  });
});

describe('the task types route', () => {
  it('lists the registered types with their titles and params schemas', async () => {
    const answer = await callRoute<{
      task_types: Array<{ type: string; title: string; params?: { type: string } }>;
    }>(host.url, 'GET', '/internal/background_tasks/task_types');
    expect(answer.status).toBe(200);
    const once = answer.body.task_types.find((t) => t.type === 'fixture:once');
    expect(once).toMatchObject({ type: 'fixture:once', title: expect.any(String) });
    expect(once?.params?.type).toBe('object');
  });
});

describe("the route of a task's Task Manager side", () => {
  it('answers attempts and the node, 404 for a task of another space', async () => {
    await post('run-info-1', '?schedule=true', {
      body: { type: 'fixture:once', params: { label: 'x' } },
    });
    const answer = await callRoute<{ in_task_manager: boolean; attempts: number }>(
      host.url,
      'GET',
      `${TASKS}/run-info-1/_run`
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ in_task_manager: true, attempts: 0, owner_id: null });
    const elsewhere = await callRoute(host.url, 'GET', `${TASKS}/run-info-1/_run`, {
      space: 'space-b',
    });
    expect(elsewhere.status).toBe(404);
  });
});
