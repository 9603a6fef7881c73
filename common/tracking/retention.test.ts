import { BackgroundTaskStatus as S } from './background_task_status';
import type { RetentionPolicy } from './retention';
import type { TrackingDocument } from './tracking_document';
import { isRefusal } from './tracking_refusal';
import {
  acknowledge,
  completeCancel,
  expireClaim,
  finishRun,
  requestCancel,
  schedule,
  startRun,
  type TrackingTransition,
} from './tracking_transitions';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const policy: RetentionPolicy = {
  completed: 30 * DAY,
  acknowledged: 7 * DAY,
  canceled: 2 * DAY,
  failed: 10 * DAY,
};
const t0 = '2025-12-01T12:00:00.000Z';
const t1 = '2025-12-02T12:00:00.000Z';
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const input = { id: 't1', type: 'examples:count', space: 'default', params: {}, now: t0 };

function written(transition: TrackingTransition): TrackingDocument {
  if (isRefusal(transition)) throw new Error(`refused: ${transition.refused}`);
  return transition.doc;
}

/** A run scheduled with `retention`, started at t0. */
function running(retention: RetentionPolicy | null = policy): TrackingDocument {
  const scheduled = written(
    schedule(undefined, { ...input, staleThresholdMs: HOUR, retention: retention ?? undefined })
  );
  return written(startRun(scheduled, t0));
}

describe('retention of finished tracking documents', () => {
  it('stamps each final status with its own retention, counted from when it was reached', () => {
    const one = { now: t1, recurring: false };
    expect(written(finishRun(running(), { kind: 'completed', payload: 1 }, one)).retain_until).toBe(
      plus(t1, 30 * DAY)
    );
    expect(written(finishRun(running(), { kind: 'failed', error: 'x' }, one)).retain_until).toBe(
      plus(t1, 10 * DAY)
    );
    expect(written(finishRun(running(), { kind: 'canceled' }, one)).retain_until).toBe(
      plus(t1, 2 * DAY)
    );
    expect(written(expireClaim(running(), 'claim expired', t1)).retain_until).toBe(
      plus(t1, 10 * DAY)
    );
  });

  it('restarts the clock on acknowledge with the acknowledged retention', () => {
    const done = written(
      finishRun(running(), { kind: 'completed', payload: 1 }, { now: t0, recurring: false })
    );
    const acked = written(acknowledge(done, t1));
    expect(acked.status).toBe(S.Acknowledged);
    expect(acked.retain_until).toBe(plus(t1, 7 * DAY));
  });

  it('stamps a cancel carried out before the run started, either way it is carried out', () => {
    const scheduled = written(
      schedule(undefined, { ...input, staleThresholdMs: HOUR, retention: policy })
    );
    const asked = written(requestCancel(scheduled, t0));
    expect(asked.retain_until).toBeUndefined();
    expect(written(completeCancel(asked, t1)).retain_until).toBe(plus(t1, 2 * DAY));
    const start = startRun(asked, t1);
    expect(!isRefusal(start) && start.doc.retain_until).toBe(plus(t1, 2 * DAY));
  });

  it('never stamps an unfinished document: a recurring run between runs stays unswept', () => {
    const between = written(
      finishRun(running(), { kind: 'completed', payload: 1 }, { now: t1, recurring: true })
    );
    expect(between.status).toBe(S.InProgress);
    expect(between.retain_until).toBeUndefined();
    expect(running().retain_until).toBeUndefined();
  });

  it('clears the stamp when a finished task is re-scheduled or retried', () => {
    const failed = written(
      finishRun(running(), { kind: 'failed', error: 'x' }, { now: t0, recurring: false })
    );
    expect(failed.retain_until).toBeDefined();
    const again = written(
      schedule(failed, { ...input, now: t1, staleThresholdMs: HOUR, retention: policy })
    );
    expect(again.retain_until).toBeUndefined();
    const retried = startRun(failed, t1);
    expect(!isRefusal(retried) && retried.doc.retain_until).toBeUndefined();
  });

  it('re-scheduling takes the policy in force now, not the previous run’s', () => {
    const failed = written(
      finishRun(running(), { kind: 'failed', error: 'x' }, { now: t0, recurring: false })
    );
    const longer = { ...policy, failed: 90 * DAY };
    const again = written(
      schedule(failed, { ...input, now: t1, staleThresholdMs: HOUR, retention: longer })
    );
    const failedAgain = written(
      finishRun(
        written(startRun(again, t1)),
        { kind: 'failed', error: 'y' },
        { now: t1, recurring: false }
      )
    );
    expect(failedAgain.retain_until).toBe(plus(t1, 90 * DAY));
  });

  it('keeps a document scheduled without a policy (before retention existed) forever', () => {
    const done = written(
      finishRun(running(null), { kind: 'completed', payload: 1 }, { now: t1, recurring: false })
    );
    expect(done.status).toBe(S.Completed);
    expect(done).not.toHaveProperty('retain_until');
    expect(done).not.toHaveProperty('retention');
  });
});
