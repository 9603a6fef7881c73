// Acceptance 1: a consumer registers a type, schedules 50 tasks, each goes in_progress -> completed.
import { schema } from '@kbn/config-schema';
import { waitFor } from '../../test_helpers/wait_for';
import { defineBackgroundTask } from '../define_background_task';
import { createGate } from './lib/gate';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';

jest.setTimeout(60_000);

describe('scheduling tasks of a consumer type', () => {
  let harness: Harness;
  const gate = createGate();
  const runs: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({
      register: (setup) =>
        setup.registerTasks({
          'test:double': defineBackgroundTask({
            paramsSchema: schema.object({ n: schema.number() }),
            async run({ params, taskInstance, reportProgress }) {
              runs.push(taskInstance.id);
              await gate.promise;
              reportProgress();
              return { payload: { doubled: params.n * 2 } };
            },
          }),
        }),
    });
  });

  afterAll(() => harness?.stop());

  it('tracks 50 tasks from in_progress to completed with their payloads', async () => {
    const taskClient = harness.start.getClient(harness.requestIn());
    const ids = Array.from({ length: 50 }, (_, i) => `double-${i}`);
    const scheduled = await Promise.all(
      ids.map((id, n) =>
        taskClient.schedule({
          task: { id, type: 'test:double' },
          params: { n },
          request: harness.requestIn(),
        })
      )
    );
    expect(scheduled.every((result) => result.status === 'in_progress')).toBe(true);

    // Runners are held at the gate: every task reads in_progress, started or not.
    for (const id of ids) {
      await expect(taskClient.getStatus(id)).resolves.toEqual({ status: 'in_progress' });
      await expect(taskClient.get(id)).resolves.toMatchObject({
        id,
        type: 'test:double',
        space: 'default',
        status: 'in_progress',
      });
    }
    await waitFor(() => runs.length > 0, { description: 'the first run to start' });
    gate.open();

    await waitFor(
      async () => {
        const statuses = await Promise.all(ids.map((id) => taskClient.getStatus(id)));
        return statuses.every((status) => status.status === 'completed');
      },
      { timeoutMs: 30_000, description: '50 completed tasks' }
    );
    for (const [n, id] of ids.entries()) {
      await expect(taskClient.getStatus(id)).resolves.toEqual({
        status: 'completed',
        payload: { doubled: n * 2 },
      });
      const doc = await taskClient.get(id);
      expect(doc).toMatchObject({ status: 'completed', task: { params: { n } } });
      expect('last_completed_at' in doc && doc.last_completed_at).toBeTruthy();
    }
    expect(new Set(runs)).toEqual(new Set(ids));
    expect(runs).toHaveLength(50); // each ran exactly once
  });
});
