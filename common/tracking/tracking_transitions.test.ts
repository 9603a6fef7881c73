import type { StoredBackgroundTaskStatus } from './background_task_status';
import { readStatus } from './read_status';
import { isActionAllowed, type TaskAction } from './task_actions';
import type { TrackingDocument } from './tracking_document';
import { isRefusal, type TrackingRefusalReason } from './tracking_refusal';
import {
  acceptsProgress,
  acknowledge,
  completeCancel,
  expireClaim,
  finishRun,
  requestCancel,
  runMustStop,
  schedule,
  startDeferred,
  startRun,
  type TrackingTransition,
} from './tracking_transitions';

const now = '2025-12-01T12:00:00.000Z';
const STALE_MS = 60_000;
const doc = (status: StoredBackgroundTaskStatus): TrackingDocument => ({
  id: 't1',
  type: 'examples:count',
  status,
  space: 'default',
  created_at: '2025-12-01T11:00:00.000Z',
  updated_at: '2025-12-01T11:00:00.000Z',
  task: { params: { n: 1 } },
});
/** A run that started and has reported progress just now (so not stale). */
const running = (): TrackingDocument => ({
  ...doc('in_progress'),
  updated_at: now,
  run_started_at: now,
});
/** A run that started and went silent for longer than the threshold. */
const stale = (): TrackingDocument => ({
  ...doc('in_progress'),
  run_started_at: '2025-12-01T11:00:00.000Z',
});
const ALL: StoredBackgroundTaskStatus[] = [
  'in_progress',
  'being_canceled',
  'canceled',
  'failed',
  'completed',
  'acknowledged',
];
const scheduleInput = { id: 't1', type: 'examples:count', space: 'default', params: { n: 2 } };
const reschedule = (previous: TrackingDocument | undefined) =>
  schedule(previous, { ...scheduleInput, now, staleThresholdMs: STALE_MS });

/** The status written, or the refusal's reason. */
function outcome(transition: TrackingTransition): string {
  return isRefusal(transition) ? `refused: ${transition.refused}` : transition.doc.status;
}

describe('the transition table', () => {
  const refused = (reason: TrackingRefusalReason) => `refused: ${reason}`;
  const one = { now, recurring: false };
  const rows: Array<[string, () => TrackingTransition, string]> = [
    ['schedule a new task', () => reschedule(undefined), 'in_progress'],
    [
      'schedule over in_progress (running)',
      () => reschedule(running()),
      refused('already_in_progress'),
    ],
    ['schedule over in_progress (stale)', () => reschedule(stale()), 'in_progress'],
    [
      'schedule over being_canceled',
      () => reschedule(doc('being_canceled')),
      refused('cancellation_in_progress'),
    ],
    ['schedule over canceled', () => reschedule(doc('canceled')), 'in_progress'],
    ['schedule over failed', () => reschedule(doc('failed')), 'in_progress'],
    ['schedule over completed', () => reschedule(doc('completed')), 'in_progress'],
    ['schedule over acknowledged', () => reschedule(doc('acknowledged')), 'in_progress'],
    [
      'schedule over another space',
      () => reschedule({ ...doc('completed'), space: 'other' }),
      refused('id_taken'),
    ],
    [
      'run completed',
      () => finishRun(running(), { kind: 'completed', payload: 1 }, one),
      'completed',
    ],
    ['run failed', () => finishRun(running(), { kind: 'failed', error: 'x' }, one), 'failed'],
    ['run canceled', () => finishRun(running(), { kind: 'canceled' }, one), 'canceled'],
    [
      'recurring run completed',
      () => finishRun(running(), { kind: 'completed', payload: 1 }, { now, recurring: true }),
      'in_progress',
    ],
    [
      'run ended after being_canceled',
      () => finishRun(doc('being_canceled'), { kind: 'completed', payload: 1 }, one),
      'canceled',
    ],
    [
      'run ended after failed',
      () => finishRun(doc('failed'), { kind: 'completed', payload: 1 }, one),
      refused('run_already_ended'),
    ],
    [
      'run ended, named by its start',
      () => finishRun(running(), { kind: 'completed', payload: 1 }, { ...one, runStartedAt: now }),
      'completed',
    ],
    [
      'stale run ended after a re-schedule (the new run not started)',
      () =>
        finishRun(
          (reschedule(stale()) as { doc: TrackingDocument }).doc,
          { kind: 'completed', payload: 1 },
          { ...one, runStartedAt: stale().run_started_at }
        ),
      refused('run_already_ended'),
    ],
    [
      'stale run ended while the run that replaced it runs',
      () =>
        finishRun(
          running(),
          { kind: 'failed', error: 'late' },
          { ...one, runStartedAt: stale().run_started_at }
        ),
      refused('run_already_ended'),
    ],
    [
      'stale run ended while the run that replaced it is being canceled',
      () =>
        finishRun(
          { ...running(), status: 'being_canceled' },
          { kind: 'completed', payload: 1 },
          { ...one, runStartedAt: stale().run_started_at }
        ),
      refused('run_already_ended'),
    ],
    ['cancel requested (running)', () => requestCancel(running(), now), 'being_canceled'],
    ['cancel requested (stale)', () => requestCancel(stale(), now), 'being_canceled'],
    [
      'cancel requested (completed)',
      () => requestCancel(doc('completed'), now),
      refused('not_cancellable'),
    ],
    ['cancel done', () => completeCancel(doc('being_canceled'), now), 'canceled'],
    [
      'cancel done without a request',
      () => completeCancel(doc('in_progress'), now),
      refused('no_cancel_requested'),
    ],
    ['acknowledge completed', () => acknowledge(doc('completed'), now), 'acknowledged'],
    [
      'acknowledge twice',
      () => acknowledge(doc('acknowledged'), now),
      refused('already_acknowledged'),
    ],
    [
      'acknowledge failed',
      () => acknowledge(doc('failed'), now),
      refused('acknowledging_incomplete'),
    ],
    ['expired claim (in_progress)', () => expireClaim(running(), 'expired', now), 'failed'],
    [
      'expired claim (being_canceled)',
      () => expireClaim(doc('being_canceled'), 'expired', now),
      'canceled',
    ],
    [
      'expired claim (completed)',
      () => expireClaim(doc('completed'), 'expired', now),
      refused('run_already_ended'),
    ],
  ];

  it.each(rows)('%s: %#', (_name, transition, expected) => {
    expect(outcome(transition())).toBe(expected);
  });

  it('names the task in every refusal message', () => {
    for (const [, transition] of rows) {
      const result = transition();
      if (isRefusal(result) && result.refused !== 'cancellation_in_progress') {
        expect(result.message).toContain('t1');
      }
    }
  });
});

describe('allowedActions agrees with the transitions', () => {
  const byAction: Record<TaskAction, (d: TrackingDocument) => TrackingTransition> = {
    schedule: (d) => reschedule(d),
    cancel: (d) => requestCancel(d, now),
    acknowledge: (d) => acknowledge(d, now),
  };
  const docs = [...ALL.map(doc).map((d) => (d.status === 'in_progress' ? running() : d)), stale()];

  for (const current of docs) {
    const status = readStatus(current, Date.parse(now), STALE_MS);
    for (const action of ['schedule', 'cancel', 'acknowledge'] as const) {
      it(`${action} on ${status}`, () => {
        expect(!isRefusal(byAction[action](current))).toBe(isActionAllowed(status, action));
      });
    }
  }

  it('allows only scheduling a task that does not exist', () => {
    expect(isActionAllowed('not_started', 'schedule')).toBe(!isRefusal(reschedule(undefined)));
    expect(isActionAllowed('not_started', 'cancel')).toBe(false);
    expect(isActionAllowed('not_started', 'acknowledge')).toBe(false);
    expect(isActionAllowed(undefined, 'schedule')).toBe(false);
  });
});

describe('schedule', () => {
  it('starts a new run with the new params, keeping only the previous run’s last dates', () => {
    const previous = {
      ...doc('completed'),
      last_completed_at: '2025-12-01T11:30:00.000Z',
      task: { params: { n: 1 }, payload: 'old' },
    };
    expect(reschedule(previous)).toEqual({
      doc: {
        id: 't1',
        type: 'examples:count',
        space: 'default',
        status: 'in_progress',
        created_at: now,
        updated_at: now,
        last_completed_at: '2025-12-01T11:30:00.000Z',
        last_failed_at: undefined,
        last_canceled_at: undefined,
        last_acknowledged_at: undefined,
        task: { params: { n: 2 } },
      },
    });
  });

  it('keeps the cron schedule of the run for display, and drops it on a run without one', () => {
    const cron = { cron: '30 9 * * 1-5', tz: 'Europe/Berlin' };
    const withCron = schedule(undefined, {
      ...scheduleInput,
      now,
      staleThresholdMs: STALE_MS,
      cron,
    });
    expect(withCron).toMatchObject({ doc: { status: 'in_progress', schedule: cron } });
    const previous = {
      ...(withCron as { doc: TrackingDocument }).doc,
      status: 'completed' as const,
    };
    expect((reschedule(previous) as { doc: TrackingDocument }).doc.schedule).toBeUndefined();
  });
});

describe('startRun', () => {
  it('runs an in_progress task, refreshes its progress signal and records the run start', () => {
    expect(startRun(doc('in_progress'), now)).toEqual({
      run: true,
      doc: { ...doc('in_progress'), updated_at: now, run_started_at: now },
    });
  });

  it('restarts a retried or recurring task from a finished status', () => {
    for (const status of ['failed', 'completed', 'acknowledged'] as const) {
      const decision = startRun(doc(status), now);
      expect(!isRefusal(decision) && decision.run).toBe(true);
      expect(isRefusal(decision) ? undefined : decision.doc.status).toBe('in_progress');
    }
  });

  it('does not run a task canceled before it started', () => {
    const beingCanceled = startRun(doc('being_canceled'), now);
    expect(!isRefusal(beingCanceled) && beingCanceled.run).toBe(false);
    expect(isRefusal(beingCanceled) ? undefined : beingCanceled.doc).toMatchObject({
      status: 'canceled',
      last_canceled_at: now,
    });
    const canceled = startRun(doc('canceled'), now);
    expect(!isRefusal(canceled) && canceled.run).toBe(false);
    expect(canceled).toEqual({ refused: 'canceled_before_start', message: expect.any(String) });
  });
});

describe('finishRun', () => {
  const one = { now, recurring: false };

  it('completes with the payload, or fails with the error, from in_progress', () => {
    expect(finishRun(doc('in_progress'), { kind: 'completed', payload: { x: 1 } }, one)).toEqual({
      doc: {
        ...doc('in_progress'),
        status: 'completed',
        updated_at: now,
        last_completed_at: now,
        runs: 1,
        task: { params: { n: 1 }, payload: { x: 1 } },
      },
    });
    expect(finishRun(doc('in_progress'), { kind: 'failed', error: 'boom' }, one)).toMatchObject({
      doc: { status: 'failed', last_failed_at: now, task: { params: { n: 1 }, error: 'boom' } },
    });
  });

  it('lets an accepted cancel win over any outcome', () => {
    for (const ended of [
      { kind: 'completed', payload: 1 },
      { kind: 'failed', error: 'x' },
      { kind: 'canceled' },
    ] as const) {
      expect(outcome(finishRun(doc('being_canceled'), ended, one))).toBe('canceled');
    }
  });

  it('writes nothing over an outcome already recorded', () => {
    for (const status of ['canceled', 'failed', 'completed', 'acknowledged'] as const) {
      expect(isRefusal(finishRun(doc(status), { kind: 'completed', payload: 1 }, one))).toBe(true);
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
    expect(next).toMatchObject({ doc: { status: 'in_progress', last_completed_at: now } });
  });

  it('clears the run start when a run ends, so a recurring task between runs is not a run in progress', () => {
    for (const recurring of [true, false]) {
      for (const ended of [
        { kind: 'completed', payload: 1 },
        { kind: 'failed', error: 'boom' },
        { kind: 'canceled' },
      ] as const) {
        const next = finishRun(running(), ended, { now, recurring });
        expect(isRefusal(next)).toBe(false);
        expect(isRefusal(next) ? undefined : next.doc).not.toHaveProperty('run_started_at');
      }
    }
  });
});

describe('expireClaim', () => {
  it('fails the task with the error and ends its run, as a failure on a node would', () => {
    expect(expireClaim(running(), 'claim expired', now)).toEqual(
      finishRun(running(), { kind: 'failed', error: 'claim expired' }, { now, recurring: false })
    );
    expect(expireClaim(running(), 'claim expired', now)).toEqual({
      doc: {
        ...doc('in_progress'),
        status: 'failed',
        updated_at: now,
        last_failed_at: now,
        runs: 1,
        task: { params: { n: 1 }, error: 'claim expired' },
      },
    });
  });

  it('ends canceled when a cancel was asked, clearing the run start', () => {
    const next = expireClaim({ ...doc('being_canceled'), run_started_at: now }, 'expired', now);
    expect(next).toEqual({
      doc: { ...doc('being_canceled'), status: 'canceled', updated_at: now, last_canceled_at: now },
    });
  });
});

describe('requestCancel', () => {
  it('only moves in_progress to being_canceled', () => {
    for (const status of ALL) {
      const next = requestCancel(doc(status), now);
      if (status === 'in_progress') expect(outcome(next)).toBe('being_canceled');
      else expect(isRefusal(next)).toBe(true);
    }
  });
});

describe('acknowledge', () => {
  it('acknowledges a completed task once, and refuses anything unfinished', () => {
    expect(acknowledge(doc('completed'), now)).toMatchObject({
      doc: { status: 'acknowledged', last_acknowledged_at: now },
    });
    expect(acknowledge(doc('acknowledged'), now)).toMatchObject({
      refused: 'already_acknowledged',
    });
    for (const status of ['in_progress', 'being_canceled', 'failed', 'canceled'] as const) {
      expect(acknowledge(doc(status), now)).toMatchObject({ refused: 'acknowledging_incomplete' });
    }
  });
});

describe('what a running node reads', () => {
  it.each([
    [undefined, true, false],
    ['in_progress', false, true],
    ['being_canceled', true, false],
    ['canceled', true, false],
    ['failed', false, false],
    ['completed', false, false],
    ['acknowledged', false, false],
  ] as const)('%s: stops %s, records progress %s', (status, stops, progress) => {
    const current = status === undefined ? undefined : doc(status);
    expect(runMustStop(current)).toBe(stops);
    if (current) expect(acceptsProgress(current)).toBe(progress);
  });
});

describe('progress and run count', () => {
  const progress = { value: 0.5, message: 'halfway', at: now };
  const ended = [
    { kind: 'completed', payload: 1 },
    { kind: 'failed', error: 'boom' },
    { kind: 'canceled' },
  ] as const;
  const written = (transition: TrackingTransition) =>
    isRefusal(transition) ? undefined : transition.doc;

  it('startRun clears the previous run progress, keeping the run count', () => {
    const previous = { ...progress, at: '2025-12-01T11:30:00.000Z' };
    const next = startRun({ ...doc('completed'), progress: previous, runs: 3 }, now);
    expect(isRefusal(next)).toBe(false);
    expect(isRefusal(next) ? undefined : next.doc).not.toHaveProperty('progress');
    expect(isRefusal(next) ? undefined : next.doc.runs).toBe(3);
  });

  it('finishRun keeps the last progress report, so a failed run shows how far it got', () => {
    for (const outcome of ended) {
      expect(
        written(finishRun({ ...running(), progress }, outcome, { now, recurring: false }))
      ).toHaveProperty('progress', progress);
    }
  });

  it('finishRun counts completed and failed runs, not canceled ones, recurring or not', () => {
    for (const recurring of [true, false]) {
      const runsAfter = ended.map(
        (outcome) =>
          written(finishRun({ ...running(), runs: 2 }, outcome, { now, recurring }))?.runs
      );
      expect(runsAfter).toEqual([3, 3, 2]);
      expect(written(finishRun(running(), ended[0], { now, recurring }))?.runs).toBe(1);
    }
  });

  it('counts the runs of a recurring task across runs', () => {
    let current: TrackingDocument = running();
    for (let i = 0; i < 3; i++) {
      const started = startRun(current, now);
      if (isRefusal(started)) throw new Error(started.message);
      const finished = finishRun(started.doc, ended[i % 2], { now, recurring: true });
      if (isRefusal(finished)) throw new Error(finished.message);
      current = finished.doc;
    }
    expect(current).toMatchObject({ status: 'in_progress', runs: 3 });
  });

  it('a re-schedule keeps the run count (the id history, like the last_* dates) and drops the progress', () => {
    const next = written(reschedule({ ...doc('completed'), progress, runs: 4 }));
    expect(next?.runs).toBe(4);
    expect(next).not.toHaveProperty('progress');
    expect(written(reschedule(undefined))).not.toHaveProperty('runs');
  });
});

describe('startDeferred: a start decided from a read, written later', () => {
  const startedAt = '2025-12-01T11:59:59.000Z';
  const read = { ...doc('in_progress'), run_started_at: '2025-12-01T11:10:00.000Z' };

  it('is the start as of startedAt: the progress signal counts from it, not from the write', () => {
    const next = startDeferred(read, read, { now, startedAt });
    expect(next).toMatchObject({
      run: true,
      doc: { status: 'in_progress', run_started_at: startedAt, updated_at: startedAt },
    });
  });

  it('keeps a progress report the run made since, and its signal', () => {
    const progress = { message: 'half', at: '2025-12-01T11:59:59.500Z' };
    const next = startDeferred({ ...read, progress }, read, { now, startedAt });
    expect(next).toMatchObject({
      run: true,
      doc: { run_started_at: startedAt, updated_at: progress.at, progress },
    });
  });

  it('turns a cancel asked since the read into canceled, and nothing runs', () => {
    const next = startDeferred({ ...read, status: 'being_canceled' }, read, { now, startedAt });
    expect(next).toMatchObject({ run: false, doc: { status: 'canceled' } });
  });

  it.each([
    ['another run started since the read', { run_started_at: '2025-12-01T11:59:59.100Z' }],
    ['this start is already written', { run_started_at: startedAt }],
    ['this run ended since (its outcome landed)', { last_completed_at: now }],
    ['a cancel was carried out since', { last_canceled_at: now, status: 'canceled' as const }],
  ])('is refused when %s', (_case, since) => {
    expect(startDeferred({ ...read, ...since }, read, { now, startedAt })).toMatchObject({
      refused: 'run_already_ended',
    });
  });

  it('is not refused for an outcome recorded before startedAt (a previous run)', () => {
    const previous = { ...read, last_failed_at: '2025-12-01T11:20:00.000Z' };
    expect(startDeferred(previous, previous, { now, startedAt })).toMatchObject({ run: true });
  });
});
