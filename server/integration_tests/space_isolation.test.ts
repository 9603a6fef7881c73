// Acceptance 6: a client for space B never sees, lists or changes space A's tasks.
import { waitFor } from '../../test_helpers/wait_for';
import { TaskConflictError, TaskNotFoundError } from '../errors';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';

jest.setTimeout(60_000);

describe('space isolation', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      register: (setup) =>
        setup.registerTasks({
          'test:echo': {
            async run({ params }) {
              return { payload: params };
            },
          },
        }),
    });
  });

  afterAll(() => harness?.stop());

  it('keeps the tasks of space A out of reach of a client for space B', async () => {
    const inA = harness.start.getClient(harness.requestIn('space-a'));
    const inB = harness.start.getClient(harness.requestIn('space-b'));
    expect([inA.space, inB.space]).toEqual(['space-a', 'space-b']);

    await inA.schedule({
      task: { id: 'a-task', type: 'test:echo' },
      params: { from: 'a' },
      request: harness.requestIn('space-a'),
    });
    await waitFor(async () => (await inA.getStatus('a-task')).status === 'completed');
    await expect(inA.get('a-task')).resolves.toMatchObject({ space: 'space-a' });
    await waitFor(async () => (await inA.list()).total === 1, { description: 'A lists it' });

    await expect(inB.get('a-task')).resolves.toEqual({ id: 'a-task', status: 'not_started' });
    await expect(inB.getStatus('a-task')).resolves.toEqual({ status: 'not_started' });
    await expect(inB.list()).resolves.toMatchObject({ total: 0, tasks: [] });
    await expect(inB.list({ space: 'space-a' })).resolves.toMatchObject({ total: 0 });
    await expect(inB.cancel('a-task')).rejects.toThrow(TaskNotFoundError);
    await expect(inB.acknowledge('a-task')).rejects.toThrow(TaskNotFoundError);
    await expect(inB.delete('a-task')).resolves.toBe(false);
    // B cannot take the id over either.
    await expect(
      inB.schedule({
        task: { id: 'a-task', type: 'test:echo' },
        params: {},
        request: harness.requestIn('space-b'),
      })
    ).rejects.toThrow(TaskConflictError);

    // Untouched in A.
    await expect(inA.getStatus('a-task')).resolves.toEqual({
      status: 'completed',
      payload: { from: 'a' },
    });
    await expect(inA.delete('a-task')).resolves.toBe(true);
    await expect(inA.get('a-task')).resolves.toMatchObject({ status: 'not_started' });
  });

  it('uses the default space for a request without one', async () => {
    expect(harness.start.getClient(harness.requestIn()).space).toBe('default');
  });
});
