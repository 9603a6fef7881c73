// A daily cron task in a non-UTC zone runs at croner's instants across a DST night (pull mode).
import { Cron } from 'croner';
import { defineBackgroundTask } from '../define_background_task';
import { readTask } from './push_test_env';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';
import { waitFor } from '../../test_helpers/wait_for';

jest.setTimeout(60_000);

// Real time cannot cross a DST night: only Date is faked, and it keeps moving with real time,
// so sockets, timers and the Elasticsearch client stay real. Task Manager gets the same clock,
// which its claim searches compare runAt with (Elasticsearch's own `now` would not move).
function fakeDateFrom(now: Date): void {
  jest.useFakeTimers({
    now,
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
// The clock is set this long before each expected run, so a run before its instant shows.
const LEAD_MS = 1_500;
// An idle node polls every 3 s (Kibana's low-utilization interval), plus the claim's round trips.
const LATE_MS = 5_000;

interface Run {
  runAt: Date;
  startedAt: Date;
}

describe('a daily cron task across a DST night', () => {
  let harness: Harness;
  const runs = new Map<string, Run[]>();
  const runsOf = (id: string) => runs.get(id) ?? [];

  beforeAll(async () => {
    harness = await startHarness({
      register: (setup) =>
        setup.registerTasks({
          'test:cron-daily': defineBackgroundTask({
            async run({ taskInstance }) {
              const { id, runAt, startedAt } = taskInstance;
              runs.set(id, [...runsOf(id), { runAt, startedAt: startedAt! }]);
              return { payload: { run: runsOf(id).length } };
            },
          }),
        }),
      clock: () => new Date(),
    });
  });

  afterEach(() => jest.useRealTimers());
  afterAll(() => harness?.stop());

  it.each([
    // 09:30 CET is 08:30Z, 09:30 CEST 07:30Z: Berlin springs forward on 2026-03-29
    ['berlin-spring', '30 9 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z'],
    // 09:00 EDT is 13:00Z, 09:00 EST 14:00Z: New York falls back on 2026-11-01
    ['new-york-fall', '0 9 * * *', 'America/New_York', '2026-10-30T20:00:00Z'],
  ])(
    '%s: `%s` in %s runs at croner’s instants, each next runAt stored',
    async (id, cron, tz, from) => {
      fakeDateFrom(new Date(from));
      const scheduledAt = new Date();
      const taskClient = harness.start.getClient(harness.requestIn());
      await taskClient.schedule({
        task: { id, type: 'test:cron-daily' },
        params: {},
        request: harness.requestIn(),
        schedule: { cron, tz },
      });
      // Computed independently of the code under test.
      const expected = new Cron(cron, { timezone: tz, mode: '5-part' }).nextRuns(4, scheduledAt);
      const utcTimeOfDay = (date: Date) => date.toISOString().slice(11);
      // The three runs span the DST change: the first and the last differ in UTC by an hour.
      expect(Math.abs(expected[2].getTime() - expected[0].getTime() - 2 * 86_400_000)).toBe(
        3_600_000
      );
      expect(utcTimeOfDay(expected[1])).toBe(utcTimeOfDay(expected[2]));

      expect((await readTask(harness.client, harness.taskIndex, id))?.task.runAt).toEqual(
        expected[0]
      );
      for (let i = 0; i < 3; i++) {
        jest.setSystemTime(expected[i].getTime() - LEAD_MS);
        await waitFor(async () => runsOf(id).length > i, {
          timeoutMs: 15_000,
          intervalMs: 100,
          description: `run ${i + 1} of ${id}`,
        });
        const run = runsOf(id)[i];
        expect(run.runAt).toEqual(expected[i]);
        // Claimed on time by the moved clock: not before its instant, within a few polls.
        const lateMs = run.startedAt.getTime() - expected[i].getTime();
        expect(lateMs).toBeGreaterThanOrEqual(0);
        expect(lateMs).toBeLessThan(LATE_MS);

        // Task Manager finished the run and stored croner's next instant.
        const stored = await waitFor(
          async () => {
            const read = await readTask(harness.client, harness.taskIndex, id);
            return read?.task.status === 'idle' && read.task.runAt.getTime() !== run.runAt.getTime()
              ? read.task
              : undefined;
          },
          { timeoutMs: 10_000, intervalMs: 100, description: `${id} finished run ${i + 1}` }
        );
        expect(stored.runAt).toEqual(expected[i + 1]);
        expect(stored.attempts).toBe(0);
      }
      expect(runsOf(id)).toHaveLength(3);
      const tracked = await taskClient.get(id);
      expect(tracked).toMatchObject({ status: 'in_progress', schedule: { cron, tz } });
      expect((tracked as { task?: { error?: string } }).task?.error).toBeUndefined();
    }
  );
});
