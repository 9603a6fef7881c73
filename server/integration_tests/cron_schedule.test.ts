// A task scheduled with cron runs at the instants croner computes, claimed by Task Manager (pull mode).
import { Cron } from 'croner';
import { InvalidTaskScheduleError } from '../errors';
import { defineBackgroundTask } from '../define_background_task';
import { readTask } from './push_test_env';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';
import { waitFor } from '../../test_helpers/wait_for';

// Up to a minute to the first minute boundary, a minute to the second run, and slack.
jest.setTimeout(170_000);

const TZ = 'Europe/Berlin';

describe('cron schedules', () => {
  let harness: Harness;
  const runs: Array<{ id: string; runAt: Date; startedAt: Date | null }> = [];

  beforeAll(async () => {
    // The harness's Task Manager claims tasks itself (polls every 100 ms): pull mode.
    harness = await startHarness({
      register: (setup) =>
        setup.registerTasks({
          'test:cron': defineBackgroundTask({
            async run({ taskInstance }) {
              const { id, runAt, startedAt } = taskInstance;
              runs.push({ id, runAt, startedAt: startedAt ?? null });
              return { payload: { run: runs.length } };
            },
          }),
        }),
    });
  });

  afterAll(() => harness?.stop());

  it('runs every minute on the minute croner computes, the rrule in the task, the cron text tracked', async () => {
    const taskClient = harness.start.getClient(harness.requestIn());
    const scheduledAt = new Date();
    await taskClient.schedule({
      task: { id: 'every-minute', type: 'test:cron' },
      params: {},
      request: harness.requestIn(),
      schedule: { cron: '* * * * *', tz: TZ },
    });
    const expected = new Cron('* * * * *', { timezone: TZ, mode: '5-part' }).nextRuns(
      3,
      scheduledAt
    );

    // What Kibana's Task Manager reads: an hourly rrule of every minute, no cron.
    const stored = await readTask(harness.client, harness.taskIndex, 'every-minute');
    expect(stored?.task.schedule).toEqual({
      rrule: {
        freq: 4,
        interval: 1,
        tzid: TZ,
        byminute: Array.from({ length: 60 }, (_, minute) => minute),
      },
    });
    expect(stored?.task.runAt).toEqual(expected[0]);
    expect(await taskClient.get('every-minute')).toMatchObject({
      schedule: { cron: '* * * * *', tz: TZ },
    });

    await waitFor(async () => runs.length >= 2, {
      timeoutMs: 150_000,
      intervalMs: 200,
      description: 'two runs of the cron task',
    });
    expect(runs.slice(0, 2).map((run) => run.runAt)).toEqual(expected.slice(0, 2));
    for (const run of runs.slice(0, 2)) {
      // Claimed on time: at or after its minute, within a few polls.
      const lateMs = run.startedAt!.getTime() - run.runAt.getTime();
      expect(lateMs).toBeGreaterThanOrEqual(0);
      expect(lateMs).toBeLessThan(5_000);
    }

    // Task Manager ran both without error and scheduled the third at croner's next minute.
    const after = await waitFor(
      async () => {
        const read = await readTask(harness.client, harness.taskIndex, 'every-minute');
        return read?.task.status === 'idle' && read.task.runAt.getTime() === expected[2].getTime()
          ? read.task
          : undefined;
      },
      { description: 'the task to be idle until its third minute' }
    );
    expect(after.attempts).toBe(0);
    const tracked = await taskClient.get('every-minute');
    expect(tracked).toMatchObject({ status: 'in_progress', schedule: { cron: '* * * * *' } });
    expect((tracked as { task?: { error?: string } }).task?.error).toBeUndefined();
  });

  it('refuses an expression no rrule says, naming schedule.cron, and writes nothing', async () => {
    const taskClient = harness.start.getClient(harness.requestIn());
    const refusal = taskClient.schedule({
      task: { id: 'first-or-monday', type: 'test:cron' },
      params: {},
      request: harness.requestIn(),
      schedule: { cron: '0 0 1 * MON' },
    });
    await expect(refusal).rejects.toThrow(InvalidTaskScheduleError);
    await expect(refusal).rejects.toThrow(
      /Invalid \[schedule\.cron\]: .*day-of-month and day-of-week/
    );
    expect(await taskClient.get('first-or-monday')).toEqual({
      id: 'first-or-monday',
      status: 'not_started',
    });
    expect(await readTask(harness.client, harness.taskIndex, 'first-or-monday')).toBeUndefined();
  });
});
