import { isStale, staleQuery } from './read_status';
import { MISSING_ERROR_MESSAGE, toTaskResult } from './to_task_result';
import type { TrackingDocument } from './tracking_document';

const now = Date.parse('2025-12-01T12:00:00.000Z');
const doc = (overrides: Partial<TrackingDocument>): TrackingDocument => ({
  id: 't1',
  type: 'examples:sleep',
  status: 'in_progress',
  space: 'default',
  created_at: '2025-12-01T11:00:00.000Z',
  updated_at: '2025-12-01T11:59:59.000Z',
  run_started_at: '2025-12-01T11:00:01.000Z',
  task: { params: {} },
  ...overrides,
});

describe('isStale', () => {
  it('is stale only when the progress signal is older than the threshold', () => {
    expect(isStale(doc({}), now, 5_000)).toBe(false);
    expect(isStale(doc({ updated_at: '2025-12-01T11:59:55.000Z' }), now, 5_000)).toBe(false);
    expect(isStale(doc({ updated_at: '2025-12-01T11:59:54.999Z' }), now, 5_000)).toBe(true);
  });

  it('never applies to statuses other than in_progress', () => {
    const old = '2020-01-01T00:00:00.000Z';
    for (const status of ['being_canceled', 'completed', 'failed', 'canceled'] as const) {
      expect(isStale(doc({ status, updated_at: old }), now, 5_000)).toBe(false);
    }
  });

  it('never applies before a run has started (e.g. a task scheduled for later), however old the signal', () => {
    const waiting = doc({ updated_at: '2020-01-01T00:00:00.000Z', run_started_at: undefined });
    expect(isStale(waiting, now, 5_000)).toBe(false);
    expect(toTaskResult(waiting, { now, staleThresholdMs: 5_000 })).toEqual({
      status: 'in_progress',
    });
  });

  it('treats an unreadable signal as stale', () => {
    expect(isStale(doc({ updated_at: 'garbage' }), now, 5_000)).toBe(true);
  });
});

describe('toTaskResult', () => {
  it('answers not_started for a missing document', () => {
    expect(
      toTaskResult({ id: 'x', status: 'not_started' }, { now, staleThresholdMs: 1000 })
    ).toEqual({
      status: 'not_started',
    });
  });

  it('computes stale at read time', () => {
    expect(toTaskResult(doc({}), { now, staleThresholdMs: 60_000 })).toEqual({
      status: 'in_progress',
    });
    expect(toTaskResult(doc({}), { now, staleThresholdMs: 100 })).toEqual({ status: 'stale' });
  });

  it('gives the payload when completed or acknowledged, the error when failed', () => {
    const task = { params: {}, payload: { slept: 5 } };
    expect(toTaskResult(doc({ status: 'completed', task }), { now, staleThresholdMs: 1 })).toEqual({
      status: 'completed',
      payload: { slept: 5 },
    });
    expect(
      toTaskResult(doc({ status: 'acknowledged', task }), { now, staleThresholdMs: 1 })
    ).toEqual({
      status: 'acknowledged',
      payload: { slept: 5 },
    });
    expect(
      toTaskResult(doc({ status: 'failed', task: { params: {}, error: 'boom' } }), {
        now,
        staleThresholdMs: 1,
      })
    ).toEqual({ status: 'failed', error: 'boom' });
  });

  it('gives neither payload nor error for the other statuses', () => {
    const task = { params: {}, payload: { leaked: true }, error: 'leaked' };
    expect(toTaskResult(doc({ status: 'canceled', task }), { now, staleThresholdMs: 1 })).toEqual({
      status: 'canceled',
    });
    expect(
      toTaskResult(doc({ status: 'being_canceled', task }), { now, staleThresholdMs: 1 })
    ).toEqual({
      status: 'being_canceled',
    });
  });
});

describe('toTaskResult without a clock (a listed task, its status already read)', () => {
  it('keeps the status as read, stale included', () => {
    expect(toTaskResult({ status: 'stale' })).toEqual({ status: 'stale' });
    expect(toTaskResult(doc({ updated_at: '2020-01-01T00:00:00.000Z' }))).toEqual({
      status: 'in_progress',
    });
  });

  it('answers one fallback message for a failure without one', () => {
    expect(toTaskResult({ status: 'failed', task: {} })).toEqual({
      status: 'failed',
      error: MISSING_ERROR_MESSAGE,
    });
    expect(toTaskResult({ status: 'failed' })).toEqual({
      status: 'failed',
      error: 'No error message was recorded.',
    });
  });
});

describe('staleQuery', () => {
  it('matches what isStale computes: a started in_progress run silent past the threshold', () => {
    expect(staleQuery(now, 5_000)).toEqual({
      bool: {
        filter: [
          { term: { status: 'in_progress' } },
          { exists: { field: 'run_started_at' } },
          { range: { updated_at: { lt: '2025-12-01T11:59:55.000Z' } } },
        ],
      },
    });
    expect(isStale(doc({ updated_at: '2025-12-01T11:59:54.999Z' }), now, 5_000)).toBe(true);
  });
});
