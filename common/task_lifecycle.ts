// What a task document becomes when claimed and when a run ends, as Kibana's Task Manager decides.
import type {
  ConcreteTaskInstance,
  FailedRunResult,
  RunResult,
  SuccessfulRunResult,
} from '@kbn/task-manager-plugin/server/task';
import {
  getNextRunAt,
  getRetryAt,
  getRetryDate,
  getTimeout,
  parseIntervalAsMillisecond,
} from './task_schedule';
import type { TaskSchedule, TaskTimingDefinition } from './task_schedule';

/** The subset of a task definition the lifecycle reads. */
export interface TaskLifecycleDefinition extends TaskTimingDefinition {
  /** attempts before a one-shot task fails for good. @defaultValue the `max_attempts` setting */
  maxAttempts?: number;
}

/** The fields a claim sets. */
export type TaskClaimFields = Pick<
  ConcreteTaskInstance,
  'status' | 'ownerId' | 'startedAt' | 'attempts' | 'retryAt' | 'scheduledAt'
>;

export interface ClaimOptions {
  /** the id of the node (Kibana `server.uuid`) that will run the task */
  ownerId: string;
  definition?: TaskLifecycleDefinition;
  now?: Date;
  /** a source in [0, 1) for the retry jitter, for tests. @defaultValue Math.random */
  random?: () => number;
}

/**
 * The fields that claim `task` for `ownerId` (Kibana's mget claimer): status running, started
 * now, one more attempt, `retryAt` when the claim lapses, and `scheduledAt` the time the run
 * was due (`retryAt` for a lapsed claim, else `runAt`).
 */
export function getClaimFields(
  task: ConcreteTaskInstance,
  { ownerId, definition, now = new Date(), random }: ClaimOptions
): TaskClaimFields {
  return {
    scheduledAt:
      task.retryAt != null && task.retryAt.getTime() < now.getTime() ? task.retryAt : task.runAt,
    status: 'running' as ConcreteTaskInstance['status'],
    startedAt: now,
    attempts: task.attempts + 1,
    retryAt: getRetryAt(task, definition, now, random),
    ownerId,
  };
}

/** Max attempts of a task's type. */
function maxAttemptsOf(definition: TaskLifecycleDefinition | undefined, fallback: number): number {
  return definition?.maxAttempts ?? fallback;
}

/**
 * Whether a claimed (running) one-shot task has used up its attempts, typically after timing
 * out on each: it must not run again.
 */
export function isOutOfAttempts(
  task: Pick<ConcreteTaskInstance, 'schedule' | 'attempts'>,
  definition: TaskLifecycleDefinition | undefined,
  defaultMaxAttempts: number
): boolean {
  return !task.schedule && task.attempts > maxAttemptsOf(definition, defaultMaxAttempts);
}

/** Whether the run of a claimed task has outlived its timeout (counted from `startedAt`). */
export function isRunExpired(
  task: Pick<ConcreteTaskInstance, 'schedule' | 'timeoutOverride' | 'startedAt'>,
  definition: TaskTimingDefinition | undefined,
  now: Date = new Date()
): boolean {
  if (!task.startedAt) return false;
  const timeoutMs = parseIntervalAsMillisecond(getTimeout(task, definition));
  return task.startedAt.getTime() + timeoutMs < now.getTime();
}

/** What happens to the task document when a run ends. */
export type TaskRunOutcome =
  /** delete the document: a one-shot task completed, or the runner asked for deletion */
  | { kind: 'remove'; reason: 'completed' | 'should_delete' }
  /** write `task` (status idle, run fields cleared): the next run or a retry is scheduled */
  | { kind: 'update'; task: ConcreteTaskInstance; retry: boolean }
  /** write `task` with status `failed`: a one-shot task with no attempts left */
  | { kind: 'failed'; task: ConcreteTaskInstance }
  /** write nothing: an expired run's claim lapses at `retryAt` and the task is claimed again */
  | { kind: 'leave' };

export interface RunOutcomeOptions {
  definition?: TaskLifecycleDefinition;
  /** the `max_attempts` setting, for types that set none */
  defaultMaxAttempts: number;
  /**
   * The poll interval, ms: a recurring run that started later than this after its `runAt`
   * schedules its next run from `startedAt` rather than from `runAt`. @defaultValue 0
   */
  pollInterval?: number;
  now?: Date;
  /** a source in [0, 1) for the retry jitter, for tests. @defaultValue Math.random */
  random?: () => number;
}

/** A runner's return value (or nothing) as a run result. */
export function normalizeRunResult(value: RunResult | void | undefined | null): RunResult {
  return value ?? { state: {} };
}

/** The failed run result for a runner that threw `error`: the task's state is kept. */
export function runErrorToResult(task: ConcreteTaskInstance, error: unknown): FailedRunResult {
  const normalized = error instanceof Error ? error : new Error(String(error));
  return { error: normalized, state: task.state };
}

export function isFailedRunResult(result: RunResult): result is FailedRunResult {
  return Boolean((result as FailedRunResult).error);
}

type Reschedule = { runAt?: Date; schedule?: TaskSchedule };

/** After a failure: the retry to schedule, or undefined when the task has failed for good. */
function getRetry(
  task: ConcreteTaskInstance,
  result: FailedRunResult,
  expired: boolean,
  opts: RunOutcomeOptions
): Reschedule | undefined {
  const maxAttempts = maxAttemptsOf(opts.definition, opts.defaultMaxAttempts);
  // A recurring task always runs again; a one-shot one while it has attempts left and did
  // not outlive its timeout (its claim then lapses and the next claim counts the attempt).
  const mayRetry = task.schedule != null || (!expired && task.attempts < maxAttempts);
  if (!mayRetry) return undefined;
  if (result.runAt) return { runAt: result.runAt };
  if (result.schedule) return { schedule: result.schedule };
  if (task.schedule) return { schedule: task.schedule };
  return { runAt: getRetryDate({ attempts: task.attempts, now: opts.now, random: opts.random }) };
}

function clearRunFields(task: ConcreteTaskInstance): ConcreteTaskInstance {
  return { ...task, startedAt: null, retryAt: null, ownerId: null };
}

/**
 * What the document of `task` (as claimed: status running, `startedAt` set, `attempts`
 * counting this run) becomes after its runner returned `result` (a thrown error first turned
 * into one with {@link runErrorToResult}). Follows Kibana's task runner: a one-shot success is
 * removed; a recurring task (or a result naming `runAt`/`schedule`) is rescheduled with the
 * returned state and attempts reset; a failure is retried with backoff until max attempts, then
 * fails; an expired run writes nothing, or for an interval longer than the timeout only the
 * next `runAt`. Unlike Kibana 9, which deletes a task that failed for good, the document is kept
 * with status `failed` so operators and the dispatcher can see it.
 */
export function getTaskRunOutcome(
  task: ConcreteTaskInstance,
  result: RunResult,
  opts: RunOutcomeOptions
): TaskRunOutcome {
  const now = opts.now ?? new Date();
  const failed = isFailedRunResult(result);
  const expired = isRunExpired(task, opts.definition, now);

  let reschedule: Reschedule & { attempts: number };
  if (failed) {
    const retry = getRetry(task, result, expired, { ...opts, now });
    if (!retry) {
      return {
        kind: 'failed',
        task: clearRunFields({
          ...task,
          status: 'failed' as ConcreteTaskInstance['status'],
          state: result.state ?? task.state,
        }),
      };
    }
    reschedule = { ...retry, attempts: task.attempts };
  } else {
    const success = result as SuccessfulRunResult;
    if (success.shouldDeleteTask) return { kind: 'remove', reason: 'should_delete' };
    if (!success.runAt && !success.schedule && !task.schedule) {
      return { kind: 'remove', reason: 'completed' };
    }
    reschedule = { runAt: success.runAt, schedule: success.schedule, attempts: 0 };
  }

  const schedule = reschedule.schedule ?? task.schedule;
  const runAt =
    reschedule.runAt ??
    getNextRunAt(
      { runAt: task.runAt, startedAt: task.startedAt, schedule },
      opts.pollInterval,
      now
    );

  if (expired) {
    // The run outlived its timeout: its state is not trusted. Only when the interval is longer
    // than the timeout is the next run written; otherwise the lapsing claim brings it back.
    if (!task.schedule?.interval || !shouldUpdateExpired(task, opts.definition)) {
      return { kind: 'leave' };
    }
    return {
      kind: 'update',
      task: clearRunFields({ ...task, status: 'idle' as ConcreteTaskInstance['status'], runAt }),
      retry: failed,
    };
  }

  return {
    kind: 'update',
    task: clearRunFields({
      ...task,
      status: 'idle' as ConcreteTaskInstance['status'],
      runAt,
      schedule,
      state: result.state ?? task.state,
      attempts: reschedule.attempts,
    }),
    retry: failed,
  };
}

function shouldUpdateExpired(
  task: ConcreteTaskInstance,
  definition: TaskLifecycleDefinition | undefined
): boolean {
  const interval = task.schedule?.interval;
  if (!interval) return false;
  return (
    parseIntervalAsMillisecond(interval) > parseIntervalAsMillisecond(getTimeout(task, definition))
  );
}
