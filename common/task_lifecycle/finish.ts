// Finish: what a claimed task's document becomes when its run ends, success or failure.
// Kibana: x-pack/platform/plugins/shared/task_manager/server/task_running/task_runner.ts
import type {
  ConcreteTaskInstance,
  RunResult,
  SuccessfulRunResult,
} from '@kbn/task-manager-plugin/server/task';
import {
  getRetryDate,
  getTimeout,
  parseIntervalAsMillisecond,
  tryGetNextRunAt,
  type TaskSchedule,
} from '../task_schedule';
import { maxAttemptsOf, type TaskLifecycleDefinition } from './max_attempts';
import { isFailedRunResult } from './run_result';
import { taskUpdate, type StoredTaskFields, type TaskFence, type TaskWrite } from './task_write';

/** How a run ended for its document. */
export type FinishOutcome =
  /** deleted: a one-shot success, or the runner asked for it (`shouldDeleteTask`) */
  | 'removed'
  /** idle at its next run, attempts 0 */
  | 'rescheduled'
  /** idle at a retry, attempts kept */
  | 'retry'
  /**
   * a one-shot task with no attempts left, or a task whose next run cannot be computed (see
   * `FinishPlan.reason`): kept with status `failed`
   */
  | 'failed'
  /** nothing written: the run outlived its timeout and its claim lapses at `retryAt` */
  | 'left';

export interface FinishPlan {
  outcome: FinishOutcome;
  /** undefined for `left` */
  write?: TaskWrite;
  /**
   * Why the task failed when its runner did not fail it: its schedule has no next run (e.g. a
   * stored document with a time zone Intl does not know). Retrying it would loop forever.
   */
  reason?: string;
}

export interface FinishWriteOptions {
  /** the version of the claim the run holds */
  fence: TaskFence;
  definition?: TaskLifecycleDefinition;
  /** max attempts of a type that sets none */
  defaultMaxAttempts: number;
  /**
   * ms: a recurring run that started later than this after its `runAt` counts its next run
   * from `startedAt`, else from `runAt` (Kibana: the poll interval). @defaultValue 0
   */
  pollInterval?: number;
  /** the state schema version of the type, written with the new state when it has one */
  stateVersion?: number;
  now: Date;
  /**
   * When the run's own work ended, if before `now`: a push node that waited out an outage to
   * write the run's outcome judges the timeout on the work, not on the wait (Task Manager has
   * no such wait: it judges at `now`). @defaultValue now
   */
  endedAt?: Date;
  /** a source in [0, 1) for the retry jitter, for tests. @defaultValue Math.random */
  random?: () => number;
}

const RUN_FIELDS_CLEARED = { startedAt: null, retryAt: null, ownerId: null } as const;

function isRunExpired(task: ConcreteTaskInstance, opts: FinishWriteOptions): boolean {
  if (!task.startedAt) return false;
  const timeoutMs = parseIntervalAsMillisecond(getTimeout(task, opts.definition));
  return task.startedAt.getTime() + timeoutMs < (opts.endedAt ?? opts.now).getTime();
}

/** The stored schedule: a partial update merges objects, so the other kind is cleared. */
function storedSchedule(before: TaskSchedule | undefined, after: TaskSchedule): StoredTaskFields {
  const schedule =
    after.interval != null
      ? { interval: after.interval, ...(before?.rrule ? { rrule: null } : {}) }
      : { rrule: after.rrule, ...(before?.interval ? { interval: null } : {}) };
  return { schedule: schedule as ConcreteTaskInstance['schedule'] };
}

/** A task whose schedule has no next run: failed with the reason, never run again. */
function unschedulable(
  task: ConcreteTaskInstance,
  reason: string,
  { fence, now }: FinishWriteOptions
): FinishPlan {
  const fields = { status: 'failed' as ConcreteTaskInstance['status'], ...RUN_FIELDS_CLEARED };
  return { outcome: 'failed', reason, write: taskUpdate(task.id, fence, fields, now) };
}

/**
 * The write ending a run of claimed `task` (status running, `attempts` counting this run)
 * whose runner returned `result`. Success: a one-shot task is deleted; a recurring one (or a
 * result naming `runAt`/`schedule`) is idle at its next run with the new state, attempts 0.
 * Failure: retried while recurring or while attempts < max attempts (at the runner's
 * `runAt`/`schedule`, else after the backoff delay); else failed. A run that outlived its
 * timeout writes nothing (its claim lapses), or, when the interval outlasts the timeout, only
 * the next `runAt`.
 *
 * A one-shot task out of attempts is deleted by Kibana 9; here (and on expiry) it is kept with
 * status `failed`, which nothing claims again, because its readers need it: Task Manager's
 * `get`, by which a plugin learns its task failed (runtime failures.test.ts), the node's
 * `_run_now` checks (server run_now.test.ts) and the dispatcher's expiry (expired_claims.test.ts).
 */
export function finishWrite(
  task: ConcreteTaskInstance,
  result: RunResult,
  opts: FinishWriteOptions
): FinishPlan {
  const { fence, now } = opts;
  const failed = isFailedRunResult(result);
  const expired = isRunExpired(task, opts);
  const maxAttempts = maxAttemptsOf(opts.definition, opts.defaultMaxAttempts);
  // A one-shot run that outlived its timeout is not retried here: its claim lapses and the
  // next claim counts the attempt.
  const mayRetry = task.schedule != null || (!expired && task.attempts < maxAttempts);

  if (failed && !mayRetry) {
    const state = JSON.stringify(result.state ?? task.state);
    const fields = {
      status: 'failed' as ConcreteTaskInstance['status'],
      state,
      ...(opts.stateVersion != null ? { stateVersion: opts.stateVersion } : {}),
    };
    return {
      outcome: 'failed',
      write: taskUpdate(task.id, fence, { ...fields, ...RUN_FIELDS_CLEARED }, now),
    };
  }
  const success = result as SuccessfulRunResult;
  if (!failed && success.shouldDeleteTask) {
    return { outcome: 'removed', write: { kind: 'delete', id: task.id, fence } };
  }
  if (!failed && !result.runAt && !result.schedule && !task.schedule) {
    return { outcome: 'removed', write: { kind: 'delete', id: task.id, fence } };
  }

  const schedule = result.schedule ?? task.schedule;
  let runAt: Date;
  if (result.runAt) runAt = result.runAt;
  else if (!schedule) runAt = getRetryDate({ attempts: task.attempts, now, random: opts.random });
  else {
    const next = tryGetNextRunAt(
      { runAt: task.runAt, startedAt: task.startedAt, schedule },
      opts.pollInterval,
      now
    );
    if ('error' in next) return unschedulable(task, next.error, opts);
    runAt = next.runAt;
  }
  const outcome = failed ? 'retry' : 'rescheduled';

  if (expired) {
    // The run outlived its timeout: its state is not trusted. Only when the interval is longer
    // than the timeout is the next run written; otherwise the lapsing claim brings it back.
    const interval = task.schedule?.interval;
    const timeoutMs = parseIntervalAsMillisecond(getTimeout(task, opts.definition));
    if (!interval || parseIntervalAsMillisecond(interval) <= timeoutMs) return { outcome: 'left' };
    const fields = { status: 'idle' as ConcreteTaskInstance['status'], runAt: runAt.toISOString() };
    return {
      outcome,
      write: taskUpdate(task.id, fence, { ...fields, ...RUN_FIELDS_CLEARED }, now),
    };
  }

  const fields: StoredTaskFields = {
    status: 'idle' as ConcreteTaskInstance['status'],
    runAt: runAt.toISOString(),
    attempts: failed ? task.attempts : 0,
    state: JSON.stringify(result.state ?? task.state),
    ...RUN_FIELDS_CLEARED,
    ...(schedule ? storedSchedule(task.schedule, schedule) : {}),
    ...(opts.stateVersion != null ? { stateVersion: opts.stateVersion } : {}),
    // The runner asked to stop recurring without losing the task: kept idle, never claimed.
    ...(!failed && success.shouldDisableTask ? { enabled: false } : {}),
  };
  return { outcome, write: taskUpdate(task.id, fence, fields, now) };
}
