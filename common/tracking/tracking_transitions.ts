// The state machine of a tracking document: each transition is a pure function of the current
// document, answering the document to write or a refusal naming why it does not apply.
import { BackgroundTaskStatus as S } from './background_task_status';
import { isStale } from './read_status';
import { withRetention, type RetentionPolicy } from './retention';
import type { TrackingDocument } from './tracking_document';
import { isRefusal, refuse, type TrackingRefusal } from './tracking_refusal';

/** The document to write (whole: callers replace it, fenced by the version they read). */
export interface TrackingWrite {
  doc: TrackingDocument;
}

export type TrackingTransition = TrackingWrite | TrackingRefusal;

/** How a run ended, as the runner wrapper saw it. */
export type RunOutcome =
  | { kind: 'completed'; payload: unknown }
  | { kind: 'failed'; error: string }
  | { kind: 'canceled' };

export interface ScheduleInput {
  id: string;
  type: string;
  space: string;
  /** already validated against the type's schema */
  params: unknown;
  /** ISO date of the write */
  now: string;
  /** a running previous run that went silent this long (ms) may be replaced */
  staleThresholdMs: number;
  /** how long the run's document is kept once finished; absent: kept forever */
  retention?: RetentionPolicy;
  /** the cron schedule the run was scheduled with, kept for display */
  cron?: TrackingDocument['schedule'];
}

/**
 * Schedule or re-schedule: a new run `in_progress`, keeping the previous run's `last_*` dates
 * and run count (the id's history), without its progress.
 * Refused while the previous run is being canceled or still running (unless it went stale),
 * and for an id another space's task holds.
 */
export function schedule(
  previous: TrackingDocument | undefined,
  input: ScheduleInput
): TrackingTransition {
  const { id, type, space, params, now } = input;
  if (previous && previous.space !== space) {
    return refuse('id_taken', `Task id [${id}] is already taken`);
  }
  if (previous?.status === S.BeingCanceled) {
    return refuse(
      'cancellation_in_progress',
      'The previous run of this task is still being canceled'
    );
  }
  if (
    previous?.status === S.InProgress &&
    !isStale(previous, Date.parse(now), input.staleThresholdMs)
  ) {
    return refuse('already_in_progress', `Task [${id}] is already in progress`);
  }
  return {
    doc: {
      id,
      type,
      space,
      status: S.InProgress,
      created_at: now,
      updated_at: now,
      ...pickHistory(previous),
      ...(input.retention ? { retention: input.retention } : {}),
      ...(input.cron ? { schedule: input.cron } : {}),
      task: { params },
    },
  };
}

/** A run start: the document to write, and whether the run goes ahead. */
export type StartTransition = (TrackingWrite & { run: boolean }) | TrackingRefusal;

/**
 * A run starts from `in_progress` (first run), or from `failed`/`completed`/`acknowledged`
 * (a Task Manager retry, or the next run of a recurring task), which go back to
 * `in_progress`. A cancel requested before it started wins: `being_canceled` becomes
 * `canceled` and nothing runs; `canceled` is refused. The previous run's progress is cleared:
 * a new run has reported nothing yet (a report made at or after `startedAt` is this run's own,
 * when its start is written late: see `startDeferred`).
 */
export function startRun(doc: TrackingDocument, now: string, startedAt = now): StartTransition {
  switch (doc.status) {
    case S.BeingCanceled:
      return { doc: canceled(doc, now), run: false };
    case S.Canceled:
      return refuse('canceled_before_start', `Task [${doc.id}] was canceled before it started`);
    default: {
      const { progress, ...rest } = doc;
      const own = progress && progress.at >= startedAt ? progress : undefined;
      // The progress signal counts from the run's start (or its own last report), not from
      // when a deferred start is written: a run is read stale as early as it would have been.
      const signal = { updated_at: own?.at ?? startedAt, ...(own ? { progress: own } : {}) };
      return {
        doc: withRetention(
          { ...rest, ...signal, status: S.InProgress, run_started_at: startedAt },
          now
        ),
        run: true,
      };
    }
  }
}

/**
 * A run's start decided from an earlier read (`read`) and written later, at `now`: a pushed
 * run's start is written only once the run outlasts a short delay, or with its outcome
 * (server/run_starts.ts). It is `startRun` as of `startedAt`, unless the document moved on
 * since the read: another run's start (or this one's, already written), or an outcome recorded
 * since `startedAt` (this run's, landed before an outage hid the answer). That is left alone.
 */
export function startDeferred(
  doc: TrackingDocument,
  read: TrackingDocument,
  { now, startedAt }: { now: string; startedAt: string }
): StartTransition {
  const outcomes = [doc.last_completed_at, doc.last_failed_at, doc.last_canceled_at];
  if (
    doc.run_started_at !== read.run_started_at ||
    outcomes.some((at) => at !== undefined && at >= startedAt)
  ) {
    return refuse('run_already_ended', `Task [${doc.id}] moved on since its start was decided`);
  }
  return startRun(doc, now, startedAt);
}

/**
 * Records how a run ended. A run ending while `being_canceled` ends `canceled` whatever it
 * returned: the user's cancel was accepted, so that is the answer they get. Anything else
 * than `in_progress`/`being_canceled` means the outcome is already recorded (or the task
 * was re-scheduled or deleted meanwhile): refused. A recurring task stays `in_progress`
 * between runs, recording the last payload or error and when. Completed and failed runs are
 * counted in `runs`; the last progress report is kept (it shows how far a failed run got).
 */
export function finishRun(
  doc: TrackingDocument,
  outcome: RunOutcome,
  options: {
    now: string;
    recurring: boolean;
    runStartedAt?: string;
    /** the read a deferred start of this run was decided from, while it is not written */
    unwrittenStartFrom?: TrackingDocument;
  }
): TrackingTransition {
  const { now, recurring, runStartedAt, unwrittenStartFrom } = options;
  // A start not written yet is written with the outcome (see `startDeferred`).
  if (unwrittenStartFrom && runStartedAt !== undefined && doc.run_started_at !== runStartedAt) {
    const start = startDeferred(doc, unwrittenStartFrom, { now, startedAt: runStartedAt });
    if (isRefusal(start)) return start;
    if (!start.run) return { doc: start.doc }; // a cancel asked meanwhile: canceled
    return finishRun(start.doc, outcome, { now, recurring, runStartedAt });
  }
  // A run that outlived its place (the task was re-scheduled once it went stale, or its claim
  // lapsed and it ran again) must not record its outcome on the run that replaced it.
  if (runStartedAt !== undefined && doc.run_started_at !== runStartedAt) {
    return refuse('run_already_ended', `Task [${doc.id}] has a newer run than the one that ended`);
  }
  if (doc.status === S.BeingCanceled) return { doc: canceled(doc, now) };
  if (doc.status !== S.InProgress) {
    return refuse('run_already_ended', `Task [${doc.id}] is already ${doc.status}`);
  }
  // The run is over: a recurring task waiting for its next run is not stale.
  const { run_started_at: _ended, ...rest } = doc;
  const runs = (doc.runs ?? 0) + 1;
  if (outcome.kind === 'canceled') return { doc: canceled(rest, now) };
  const [finalStatus, stamp, result] =
    outcome.kind === 'completed'
      ? ([S.Completed, 'last_completed_at', { payload: outcome.payload }] as const)
      : ([S.Failed, 'last_failed_at', { error: outcome.error }] as const);
  return {
    doc: withRetention(
      {
        ...rest,
        status: recurring ? S.InProgress : finalStatus,
        updated_at: now,
        [stamp]: now,
        runs,
        task: { params: doc.task.params, ...result },
      },
      now
    ),
  };
}

/**
 * A claim expired with no attempts left, so the one-shot task will not run again: it ends
 * `failed` with `error`, or `canceled` when a cancel was asked, exactly as a run failing on a
 * node would end it. (A recurring task's claim expiring only puts it back on its schedule.)
 */
export function expireClaim(doc: TrackingDocument, error: string, now: string): TrackingTransition {
  return finishRun(doc, { kind: 'failed', error }, { now, recurring: false });
}

/** Cancel requested: `in_progress` (so `stale` too) becomes `being_canceled`; nothing else can be. */
export function requestCancel(doc: TrackingDocument, now: string): TrackingTransition {
  if (doc.status !== S.InProgress) {
    return refuse(
      'not_cancellable',
      `Task [${doc.id}] is ${doc.status}: only a task in progress can be canceled`
    );
  }
  return { doc: { ...doc, status: S.BeingCanceled, updated_at: now } };
}

/** Cancel done, for a run that had not started: `being_canceled` becomes `canceled`. */
export function completeCancel(doc: TrackingDocument, now: string): TrackingTransition {
  if (doc.status !== S.BeingCanceled) {
    return refuse('no_cancel_requested', `Task [${doc.id}] is ${doc.status}, not being canceled`);
  }
  return { doc: canceled(doc, now) };
}

/** `completed` becomes `acknowledged`; acknowledging twice is refused as already done. */
export function acknowledge(doc: TrackingDocument, now: string): TrackingTransition {
  if (doc.status === S.Acknowledged) {
    return refuse('already_acknowledged', `Task [${doc.id}] is already acknowledged`);
  }
  if (doc.status !== S.Completed) {
    return refuse(
      'acknowledging_incomplete',
      `Only completed tasks can be acknowledged; task [${doc.id}] is ${doc.status}`
    );
  }
  // The acknowledged retention counts from the acknowledgement, replacing the completed one.
  const acknowledged = {
    ...doc,
    status: S.Acknowledged,
    updated_at: now,
    last_acknowledged_at: now,
  };
  return { doc: withRetention(acknowledged, now) };
}

/**
 * What a node running the task reads from its document: the run must stop when the document
 * is gone (the task was deleted) or a cancel was asked or carried out.
 */
export function runMustStop(doc: TrackingDocument | undefined): boolean {
  return !doc || doc.status === S.BeingCanceled || doc.status === S.Canceled;
}

/**
 * The progress signal (`updated_at`) is recorded only on a run in progress: on any other
 * status it would hide the write that changed it, or make a finished task look recent.
 */
export function acceptsProgress(doc: TrackingDocument): boolean {
  return doc.status === S.InProgress;
}

/** A canceled run is over: it has no run in progress (so no `run_started_at`). */
function canceled(doc: TrackingDocument, now: string): TrackingDocument {
  const { run_started_at: _ended, ...rest } = doc;
  return withRetention(
    { ...rest, status: S.Canceled, updated_at: now, last_canceled_at: now },
    now
  );
}

function pickHistory(doc: TrackingDocument | undefined): Partial<TrackingDocument> {
  if (!doc) return {};
  const { last_completed_at, last_failed_at, last_canceled_at, last_acknowledged_at } = doc;
  const history = { last_completed_at, last_failed_at, last_canceled_at, last_acknowledged_at };
  return doc.runs === undefined ? history : { ...history, runs: doc.runs };
}
