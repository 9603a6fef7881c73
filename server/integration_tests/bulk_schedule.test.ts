// TaskClient.bulkSchedule and coalesced schedules against Elasticsearch: each run once, refusals write nothing.
import { schema } from '@kbn/config-schema';
import { taskDocumentId } from '../../common/task_document';
import { waitFor } from '../../test_helpers/wait_for';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';
import { defineBackgroundTask } from '../define_background_task';

jest.setTimeout(120_000);

describe('bulkSchedule', () => {
  let harness: Harness;
  const runs = new Map<string, number>();

  beforeAll(async () => {
    harness = await startHarness({
      register: (setup) =>
        setup.registerTasks({
          'test:bulk': defineBackgroundTask({
            paramsSchema: schema.object({ n: schema.number() }),
            async run({ params, taskInstance }) {
              runs.set(taskInstance.id, (runs.get(taskInstance.id) ?? 0) + 1);
              return { payload: { n: params.n } };
            },
          }),
        }),
    });
  });

  afterAll(() => harness?.stop());

  const client = () => harness.start.getClient(harness.requestIn());
  const item = (id: string, params: unknown, extra: Record<string, unknown> = {}) => ({
    task: { id, type: 'test:bulk' },
    params,
    request: harness.requestIn(),
    ...extra,
  });
  /** the Task Manager task, or undefined when there is none */
  const taskManagerTask = (id: string) =>
    harness.client
      .get({ index: harness.taskIndex, id: taskDocumentId(id) })
      .then((hit) => hit._source)
      .catch(() => undefined);

  it('schedules 500 tasks in one call, and each runs exactly once', async () => {
    const ids = Array.from({ length: 500 }, (_, n) => `bulk-${n}`);
    const results = await client().bulkSchedule(ids.map((id, n) => item(id, { n })));
    expect(results).toEqual(ids.map((id) => ({ id, result: { status: 'in_progress' } })));

    await waitFor(
      async () => {
        const { total } = await client().list({
          type: 'test:bulk',
          status: 'completed',
          perPage: 1,
        });
        return total === 500;
      },
      { timeoutMs: 90_000, description: '500 completed tasks' }
    );
    expect(new Set(runs.keys())).toEqual(new Set(ids));
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    await expect(client().getStatus('bulk-7')).resolves.toEqual({
      status: 'completed',
      payload: { n: 7 },
    });
  });

  it('answers each item on its own, and a refused item writes nothing', async () => {
    const later = { runAt: new Date(Date.now() + 3_600_000) };
    await client().schedule(item('mixed-busy', { n: 0 }, later));
    const busyBefore = await client().get('mixed-busy');

    const results = await client().bulkSchedule([
      item('mixed-ok', { n: 1 }, later),
      { ...item('mixed-unknown', {}), task: { id: 'mixed-unknown', type: 'test:nope' } },
      item('mixed-bad-params', { n: 'one' }),
      item('mixed-busy', { n: 2 }),
      item('mixed-ok', { n: 3 }),
      item('mixed-bad-runat', { n: 4 }, { runAt: new Date(Date.UTC(10_000, 0)) }),
    ]);

    expect(results.map((r) => ('error' in r ? [r.id, r.error.name] : [r.id, r.result]))).toEqual([
      ['mixed-ok', { status: 'in_progress' }],
      ['mixed-unknown', 'UnknownTaskTypeError'],
      ['mixed-bad-params', 'InvalidTaskParamsError'],
      ['mixed-busy', 'TaskConflictError'],
      ['mixed-ok', 'TaskConflictError'],
      ['mixed-bad-runat', 'InvalidTaskScheduleError'],
    ]);
    const messages = results.map((r) => ('error' in r ? r.error.message : ''));
    expect(messages[1]).toContain('test:nope');
    expect(messages[2]).toMatch(/\[n\]/);
    expect(messages[3]).toContain('already in progress');
    expect(messages[4]).toContain('more than once');
    expect(messages[5]).toContain('runAt');

    for (const id of ['mixed-unknown', 'mixed-bad-params', 'mixed-bad-runat']) {
      await expect(client().get(id)).resolves.toEqual({ id, status: 'not_started' });
      await expect(taskManagerTask(id)).resolves.toBeUndefined();
    }
    // the run in progress is untouched: same document, its Task Manager task still there
    await expect(client().get('mixed-busy')).resolves.toEqual(busyBefore);
    await expect(taskManagerTask('mixed-busy')).resolves.toBeDefined();
    await expect(client().get('mixed-ok')).resolves.toMatchObject({
      status: 'in_progress',
      task: { params: { n: 1 } },
    });
    await expect(taskManagerTask('mixed-ok')).resolves.toBeDefined();
  });

  it('re-schedules finished runs in one call, replacing their Task Manager tasks', async () => {
    const ids = ['again-0', 'again-1'];
    await client().bulkSchedule(ids.map((id, n) => item(id, { n })));
    await waitFor(async () => {
      const statuses = await Promise.all(ids.map((id) => client().getStatus(id)));
      return statuses.every(({ status }) => status === 'completed');
    });
    const results = await client().bulkSchedule(ids.map((id, n) => item(id, { n: n + 10 })));
    expect(results.every((r) => 'result' in r)).toBe(true);
    await waitFor(async () => {
      const statuses = await Promise.all(ids.map((id) => client().getStatus(id)));
      return statuses.every(({ status }) => status === 'completed');
    });
    expect(ids.map((id) => runs.get(id))).toEqual([2, 2]);
    await expect(client().getStatus('again-1')).resolves.toEqual({
      status: 'completed',
      payload: { n: 11 },
    });
  });

  it('coalesces concurrent schedules of one id: exactly one wins, the others are refused', async () => {
    const later = { runAt: new Date(Date.now() + 3_600_000) };
    const settled = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) => client().schedule(item('contended', { n }, later)))
    );
    const won = settled.filter(({ status }) => status === 'fulfilled');
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(19);
    expect(refused.every((error) => error.name === 'TaskConflictError')).toBe(true);
  });
});
