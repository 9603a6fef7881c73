import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import {
  getClaimFields,
  getTaskRunOutcome,
  isOutOfAttempts,
  runErrorToResult,
} from './task_lifecycle';

const T0 = new Date('2025-01-01T00:00:00.000Z');
const plus = (ms: number) => new Date(T0.getTime() + ms);

function claimed(overrides: Partial<ConcreteTaskInstance> = {}): ConcreteTaskInstance {
  return {
    id: 'a',
    taskType: 't',
    params: {},
    state: { n: 1 },
    scheduledAt: T0,
    runAt: T0,
    startedAt: plus(100),
    retryAt: plus(60_000),
    attempts: 1,
    status: 'running' as ConcreteTaskInstance['status'],
    ownerId: 'node-1',
    ...overrides,
  };
}

const opts = {
  defaultMaxAttempts: 3,
  pollInterval: 500,
  now: plus(200),
  definition: { timeout: '5m' },
};

describe('getClaimFields', () => {
  it('sets running, owner, start, one more attempt and when the claim lapses', () => {
    const task = claimed({
      status: 'idle' as ConcreteTaskInstance['status'],
      attempts: 0,
      startedAt: null,
      retryAt: null,
    });
    expect(getClaimFields(task, { ownerId: 'n', now: T0, definition: { timeout: '1m' } })).toEqual({
      status: 'running',
      ownerId: 'n',
      startedAt: T0,
      attempts: 1,
      retryAt: plus(90_000),
      scheduledAt: T0,
    });
  });

  it('records a lapsed claim as scheduled at its retryAt', () => {
    const task = claimed({ retryAt: plus(-1000) });
    expect(getClaimFields(task, { ownerId: 'n', now: T0 }).scheduledAt).toEqual(plus(-1000));
  });
});

describe('getTaskRunOutcome', () => {
  it('removes a one-shot task that succeeded', () => {
    expect(getTaskRunOutcome(claimed(), { state: {} }, opts)).toEqual({
      kind: 'remove',
      reason: 'completed',
    });
  });

  it('reschedules a recurring task from its runAt with the new state and attempts reset', () => {
    const outcome = getTaskRunOutcome(
      claimed({ schedule: { interval: '10s' } }),
      { state: { n: 2 } },
      opts
    );
    expect(outcome).toEqual({
      kind: 'update',
      retry: false,
      task: expect.objectContaining({
        status: 'idle',
        runAt: plus(10_000),
        state: { n: 2 },
        attempts: 0,
        startedAt: null,
        retryAt: null,
        ownerId: null,
      }),
    });
  });

  it("honours a runner's runAt and schedule", () => {
    const runAt = plus(42_000);
    const byRunAt = getTaskRunOutcome(claimed(), { state: {}, runAt }, opts);
    expect(byRunAt.kind === 'update' && byRunAt.task.runAt).toEqual(runAt);
    const bySchedule = getTaskRunOutcome(
      claimed(),
      { state: {}, schedule: { interval: '1m' } },
      opts
    );
    expect(bySchedule.kind === 'update' && bySchedule.task).toMatchObject({
      schedule: { interval: '1m' },
      runAt: plus(60_000),
    });
  });

  it('retries a failed one-shot task with backoff, keeping attempts, until max attempts', () => {
    const error = new Error('boom');
    const first = getTaskRunOutcome(
      claimed(),
      { error, state: { n: 1 } },
      { ...opts, random: () => 0 }
    );
    expect(first).toEqual({
      kind: 'update',
      retry: true,
      task: expect.objectContaining({ status: 'idle', attempts: 1, runAt: plus(200 + 30_000) }),
    });
    const last = getTaskRunOutcome(claimed({ attempts: 3 }), { error, state: {} }, opts);
    expect(last).toEqual({
      kind: 'failed',
      task: expect.objectContaining({ status: 'failed', attempts: 3, ownerId: null }),
    });
    const ownMax = getTaskRunOutcome(
      claimed({ attempts: 1 }),
      { error, state: {} },
      {
        ...opts,
        definition: { maxAttempts: 1 },
      }
    );
    expect(ownMax.kind).toBe('failed');
  });

  it('keeps a failed recurring task on its schedule', () => {
    const task = claimed({ schedule: { interval: '1m' }, attempts: 7 });
    const outcome = getTaskRunOutcome(task, runErrorToResult(task, 'oops'), opts);
    expect(outcome.kind === 'update' && outcome.task).toMatchObject({
      attempts: 7,
      runAt: plus(60_000),
      state: { n: 1 },
    });
  });

  it('on an expired run writes nothing, or only the next runAt when the interval outlasts the timeout', () => {
    const late = { ...opts, now: plus(120_000), definition: { timeout: '1m' } };
    expect(
      getTaskRunOutcome(claimed({ schedule: { interval: '30s' } }), { state: {} }, late)
    ).toEqual({ kind: 'leave' });
    const outcome = getTaskRunOutcome(
      claimed({ schedule: { interval: '5m' } }),
      { state: { n: 9 } },
      late
    );
    expect(outcome.kind === 'update' && outcome.task).toMatchObject({
      status: 'idle',
      state: { n: 1 },
      ownerId: null,
    });
    expect(getTaskRunOutcome(claimed(), { error: new Error('x'), state: {} }, late).kind).toBe(
      'failed'
    );
  });

  it('removes a task whose runner asks for it', () => {
    expect(
      getTaskRunOutcome(
        claimed({ schedule: { interval: '1m' } }),
        { state: {}, shouldDeleteTask: true },
        opts
      )
    ).toEqual({
      kind: 'remove',
      reason: 'should_delete',
    });
  });
});

describe('isOutOfAttempts', () => {
  it('holds for a claimed one-shot task past its max attempts only', () => {
    expect(isOutOfAttempts({ attempts: 4 }, undefined, 3)).toBe(true);
    expect(isOutOfAttempts({ attempts: 3 }, undefined, 3)).toBe(false);
    expect(isOutOfAttempts({ attempts: 9, schedule: { interval: '1m' } }, undefined, 3)).toBe(
      false
    );
  });
});
