// Acceptance 4: the named errors for schedule while being_canceled, acknowledge of an unfinished
// task, invalid params (refused before anything is written) and unknown types.
import { schema } from '@kbn/config-schema';
import { waitFor } from '../../test_helpers/wait_for';
import { defineBackgroundTask } from '../define_background_task';
import {
  AcknowledgingIncompleteError,
  CancellationInProgressError,
  InvalidTaskParamsError,
  InvalidTaskScheduleError,
  TaskConflictError,
  TaskNotFoundError,
  UnknownTaskTypeError,
} from '../errors';
import type { TaskClient } from '../task_client';
import type { TaskSchedule } from '../types';
import { createGate } from './lib/gate';
import { startHarness, type Harness } from '../../test_helpers/background_tasks_harness';

jest.setTimeout(60_000);

describe('refusals', () => {
  let harness: Harness;
  let taskClient: TaskClient;
  const started = new Set<string>();
  const release = createGate();

  beforeAll(async () => {
    harness = await startHarness({
      // A slow cancellation check keeps a running task `being_canceled` for the whole test.
      config: { cancellation_check_interval_ms: 60_000, stale_threshold_ms: 120_000 },
      register: (setup) =>
        setup.registerTasks({
          'test:held': defineBackgroundTask({
            paramsSchema: schema.object({ label: schema.string({ maxLength: 10 }) }),
            async run({ params, taskInstance }) {
              started.add(taskInstance.id);
              await release.promise;
              return { payload: { label: params.label } };
            },
          }),
        }),
    });
    taskClient = harness.start.getClient(harness.requestIn());
  });

  afterAll(async () => {
    release.open();
    await harness?.stop();
  });

  const schedule = (id: string, params: unknown, type = 'test:held') =>
    taskClient.schedule({ task: { id, type }, params, request: harness.requestIn() });

  it('refuses to schedule while the previous run is being canceled', async () => {
    await schedule('held-1', { label: 'one' });
    await waitFor(() => started.has('held-1'), { description: 'held-1 to run' });
    await expect(taskClient.cancel('held-1')).resolves.toEqual({ status: 'being_canceled' });

    const refusal = schedule('held-1', { label: 'again' });
    await expect(refusal).rejects.toThrow(CancellationInProgressError);
    await expect(refusal).rejects.toMatchObject({ name: 'CancellationInProgressError' });
    await expect(refusal).rejects.toBeInstanceOf(TaskConflictError);
    await expect(taskClient.getStatus('held-1')).resolves.toEqual({ status: 'being_canceled' });
  });

  it('refuses to schedule a task already in progress', async () => {
    await schedule('held-2', { label: 'two' });
    await expect(schedule('held-2', { label: 'two' })).rejects.toMatchObject({
      name: 'TaskConflictError',
    });
  });

  it('refuses to acknowledge an unfinished task, and acknowledges a completed one', async () => {
    const refusal = taskClient.acknowledge('held-2');
    await expect(refusal).rejects.toThrow(AcknowledgingIncompleteError);
    await expect(refusal).rejects.toMatchObject({ name: 'AcknowledgingIncompleteError' });
    await expect(taskClient.acknowledge('no-such-task')).rejects.toThrow(TaskNotFoundError);

    release.open();
    await waitFor(async () => (await taskClient.getStatus('held-2')).status === 'completed', {
      description: 'held-2 to complete',
    });
    await expect(taskClient.acknowledge('held-2')).resolves.toEqual({
      status: 'acknowledged',
      payload: { label: 'two' },
    });
    await expect(taskClient.acknowledge('held-2')).resolves.toMatchObject({
      status: 'acknowledged',
    });
  });

  it('refuses invalid params before writing anything', async () => {
    for (const params of [{ label: 'far too long a label' }, { label: 1 }, {}, null]) {
      const refusal = schedule('invalid-1', params);
      await expect(refusal).rejects.toThrow(InvalidTaskParamsError);
      await expect(refusal).rejects.toMatchObject({ name: 'InvalidTaskParamsError' });
    }
    await expect(schedule('invalid-1', { label: 'x' }, 'test:nope')).rejects.toMatchObject({
      name: 'UnknownTaskTypeError',
    });
    await expect(schedule('invalid-1', {}, 'test:nope')).rejects.toThrow(UnknownTaskTypeError);

    await expect(taskClient.get('invalid-1')).resolves.toEqual({
      id: 'invalid-1',
      status: 'not_started',
    });
    const tracking = await harness.client.exists({ index: harness.trackingIndex, id: 'invalid-1' });
    const task = await harness.client.exists({ index: harness.taskIndex, id: 'task:invalid-1' });
    expect([tracking, task]).toEqual([false, false]);
  });

  it.each<[string, { runAt?: Date; schedule?: TaskSchedule }, RegExp]>([
    ['a runAt past year 9999', { runAt: new Date('+010000-01-01T00:00:00Z') }, /\[runAt\]/],
    ['a runAt before year 0', { runAt: new Date('-000001-01-01T00:00:00Z') }, /\[runAt\]/],
    ['an interval past year 9999', { schedule: { interval: '99999999999999999999d' } }, /year/],
    [
      'a time zone that is none',
      { schedule: { rrule: { freq: 3, interval: 1, tzid: 'Not/AZone' } } },
      /tzid/,
    ],
    [
      'an rrule with no next run',
      { schedule: { rrule: { freq: 3, interval: 1e12, tzid: 'UTC' } } },
      /next run/,
    ],
  ])('refuses %s before writing anything, naming the field', async (_title, extra, message) => {
    const refusal = taskClient.schedule({
      task: { id: 'invalid-3', type: 'test:held' },
      params: { label: 'x' },
      request: harness.requestIn(),
      ...extra,
    });
    await expect(refusal).rejects.toThrow(InvalidTaskScheduleError);
    await expect(refusal).rejects.toThrow(message);
    const tracking = await harness.client.exists({ index: harness.trackingIndex, id: 'invalid-3' });
    const task = await harness.client.exists({ index: harness.taskIndex, id: 'task:invalid-3' });
    expect([tracking, task]).toEqual([false, false]);
  });

  it('refuses a list page past the result window', async () => {
    await expect(taskClient.list({ page: 11, perPage: 1000 })).rejects.toMatchObject({
      name: 'InvalidListOptionsError',
    });
    await expect(taskClient.list({ page: 10, perPage: 1000 })).resolves.toMatchObject({ page: 10 });
  });

  it('names the offending field', async () => {
    await expect(schedule('invalid-2', { label: 1 })).rejects.toThrow(/label/);
  });

  it('re-schedules a finished task under the same id as a new run', async () => {
    const before = await taskClient.get('held-2');
    await schedule('held-2', { label: 'rerun' });
    await waitFor(
      async () => {
        const result = await taskClient.getStatus('held-2');
        return result.status === 'completed' && result.payload;
      },
      { description: 'the second run to complete' }
    );
    const after = await taskClient.get('held-2');
    expect(after).toMatchObject({ status: 'completed', task: { payload: { label: 'rerun' } } });
    // The history of the id carries over; the run is new.
    if (before.status === 'not_started' || after.status === 'not_started') throw new Error();
    expect(after.last_acknowledged_at).toBe(before.last_acknowledged_at);
    expect(after.created_at > before.created_at).toBe(true);
  });
});
