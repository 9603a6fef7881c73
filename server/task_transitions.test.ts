import type { StoredBackgroundTaskStatus, TrackingDocument } from '../common';
import { AcknowledgingIncompleteError } from './errors';
import { acknowledge, finishRun, requestCancel, startRun } from './task_transitions';

const now = '2025-12-01T12:00:00.000Z';
const doc = (status: StoredBackgroundTaskStatus): TrackingDocument => ({
  id: 't1',
  type: 'examples:count',
  status,
  space: 'default',
  created_at: '2025-12-01T11:00:00.000Z',
  updated_at: '2025-12-01T11:00:00.000Z',
  task: { params: { n: 1 } },
});
const ALL: StoredBackgroundTaskStatus[] = [
  'in_progress',
  'being_canceled',
  'canceled',
  'failed',
  'completed',
  'acknowledged',
];

describe('startRun', () => {
  it('runs an in_progress task, refreshes its progress signal and records the run start', () => {
    expect(startRun(doc('in_progress'), now)).toEqual({
      run: true,
      next: { ...doc('in_progress'), updated_at: now, run_started_at: now },
    });
  });

  it('restarts a retried or recurring task from a finished status', () => {
    for (const status of ['failed', 'completed', 'acknowledged'] as const) {
      const decision = startRun(doc(status), now);
      expect(decision.run).toBe(true);
      expect(decision.next?.status).toBe('in_progress');
    }
  });

  it('does not run a task canceled before it started', () => {
    const beingCanceled = startRun(doc('being_canceled'), now);
    expect(beingCanceled.run).toBe(false);
    expect(beingCanceled.next).toMatchObject({ status: 'canceled', last_canceled_at: now });
    const canceled = startRun(doc('canceled'), now);
    expect(canceled.run).toBe(false);
    expect(canceled.next).toBeUndefined();
  });
});

describe('finishRun', () => {
  const one = { now, recurring: false };

  it('completes with the payload, or fails with the error, from in_progress', () => {
    expect(finishRun(doc('in_progress'), { kind: 'completed', payload: { x: 1 } }, one)).toEqual({
      ...doc('in_progress'),
      status: 'completed',
      updated_at: now,
      last_completed_at: now,
      task: { params: { n: 1 }, payload: { x: 1 } },
    });
    expect(finishRun(doc('in_progress'), { kind: 'failed', error: 'boom' }, one)).toMatchObject({
      status: 'failed',
      last_failed_at: now,
      task: { params: { n: 1 }, error: 'boom' },
    });
  });

  it('lets an accepted cancel win over any outcome', () => {
    for (const outcome of [
      { kind: 'completed', payload: 1 },
      { kind: 'failed', error: 'x' },
      { kind: 'canceled' },
    ] as const) {
      expect(finishRun(doc('being_canceled'), outcome, one)?.status).toBe('canceled');
    }
  });

  it('writes nothing over an outcome already recorded', () => {
    for (const status of ['canceled', 'failed', 'completed', 'acknowledged'] as const) {
      expect(finishRun(doc(status), { kind: 'completed', payload: 1 }, one)).toBeUndefined();
    }
  });

  it('keeps a recurring task in_progress between runs', () => {
    const next = finishRun(
      doc('in_progress'),
      { kind: 'completed', payload: 2 },
      {
        now,
        recurring: true,
      }
    );
    expect(next).toMatchObject({ status: 'in_progress', last_completed_at: now });
  });

  it('clears the run start when a run ends, so a recurring task between runs is not a run in progress', () => {
    const running = { ...doc('in_progress'), run_started_at: now };
    for (const recurring of [true, false]) {
      for (const outcome of [
        { kind: 'completed', payload: 1 },
        { kind: 'failed', error: 'boom' },
        { kind: 'canceled' },
      ] as const) {
        const next = finishRun(running, outcome, { now, recurring });
        expect(next).toBeDefined();
        expect(next).not.toHaveProperty('run_started_at');
      }
    }
  });
});

describe('requestCancel', () => {
  it('only moves in_progress to being_canceled', () => {
    for (const status of ALL) {
      const next = requestCancel(doc(status), now);
      if (status === 'in_progress') expect(next?.status).toBe('being_canceled');
      else expect(next).toBeUndefined();
    }
  });
});

describe('acknowledge', () => {
  it('acknowledges a completed task once, and refuses anything unfinished', () => {
    expect(acknowledge(doc('completed'), now)).toMatchObject({
      status: 'acknowledged',
      last_acknowledged_at: now,
    });
    expect(acknowledge(doc('acknowledged'), now)).toBeUndefined();
    for (const status of ['in_progress', 'being_canceled', 'failed', 'canceled'] as const) {
      expect(() => acknowledge(doc(status), now)).toThrow(AcknowledgingIncompleteError);
    }
  });
});
