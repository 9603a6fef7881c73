// Schedules many runs at once: tracking documents in one fenced `_bulk`, then Task Manager's bulkSchedule.
import type { KibanaRequest, Logger } from '@kbn/core/server';
import { TaskPriority, type TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import type { ConcreteTaskInstance, TaskInstance } from '@kbn/task-manager-plugin/server/task';
import {
  BackgroundTaskStatus as S,
  TASK_SCOPE,
  isRefusal,
  type TaskResult,
  trackingTransitions as transitions,
  type TrackingDocument,
} from '../common';
import type { RetentionPolicy } from '../common/tracking/retention';
import {
  errorFromRefusal,
  InvalidTaskScheduleError,
  TaskConflictError,
  UnknownTaskTypeError,
} from './errors';
import { isStorableDate, scheduleError } from '../common/task_schedule';
import { storedSchedule } from './lib/stored_schedule';
import { toError } from './lib/to_error';
import { validateTaskParams } from './lib/validate_task_params';
import { fencedUpdate } from './storage/fenced_update';
import type {
  TrackingPut,
  TrackingStore,
  VersionedTrackingDocument,
} from './storage/tracking_store';
import type { ScheduleRequest } from './task_client';
import type { RegisteredTaskType, TaskManagerTaskParams, TaskSchedule } from './types';

/** A schedule request checked against its type, ready to write: nothing about it can fail a 400. */
export interface PreparedSchedule {
  id: string;
  type: string;
  space: string;
  params: unknown;
  runAt?: Date;
  schedule?: TaskSchedule;
  cron?: TrackingDocument['schedule'];
  retention?: RetentionPolicy;
  priority: TaskPriority;
  request: KibanaRequest;
}

/** What a write of several schedules needs. */
export interface ScheduleWriterDeps {
  store: TrackingStore;
  taskManager: TaskManagerStartContract;
  logger: Logger;
  staleThresholdMs: number;
  maxConflictRetries: number;
  /** called with the tasks Task Manager has just stored (a push node tells the dispatcher) */
  onTasksStored?: (tasks: ConcreteTaskInstance[]) => void;
}

/**
 * Validates one request as `schedule` does (space, type, params, runAt, schedule), throwing
 * the same named errors; nothing is written.
 */
export function prepareSchedule(
  { task, params: rawParams, request, runAt: requestedRunAt, schedule: requested }: ScheduleRequest,
  {
    space: clientSpace,
    getTaskType,
  }: { space: string; getTaskType: (type: string) => RegisteredTaskType | undefined }
): PreparedSchedule {
  const space = task.space ?? clientSpace;
  if (space !== clientSpace) {
    throw new TaskConflictError(`Task space [${space}] is not the client's [${clientSpace}]`);
  }
  const registered = getTaskType(task.type);
  if (!registered) throw new UnknownTaskTypeError(task.type);
  const params = validateTaskParams(registered, rawParams);
  const { schedule, cron, firstRunAt } = storedSchedule(requested, registered, params);
  const runAt = requestedRunAt ?? firstRunAt;
  // Refused before any write: accepted, they would fail the run (runAt) or re-run forever.
  if (runAt && !isStorableDate(runAt)) {
    throw new InvalidTaskScheduleError('runAt', 'must be a date of year 0 to 9999');
  }
  const invalidSchedule = scheduleError(schedule);
  if (invalidSchedule) throw new InvalidTaskScheduleError('schedule', invalidSchedule);
  return {
    id: task.id,
    type: task.type,
    space,
    params,
    request,
    priority: registered.definition.priority ?? TaskPriority.Normal,
    ...(runAt ? { runAt } : {}),
    ...(schedule ? { schedule } : {}),
    ...(cron ? { cron } : {}),
    ...(registered.retention ? { retention: registered.retention } : {}),
  };
}

/** How far one item got in the tracking write. */
interface TrackingOutcome {
  error?: Error;
  /** it replaced a previous run's document, whose Task Manager task may remain */
  replaced?: boolean;
}

/**
 * Writes the runs' tracking documents `in_progress`, each through the state machine's
 * `schedule` transition, all in one `_bulk`. The first write assumes new ids, the common case,
 * and `create`s them without a read: a schedule answers one round trip sooner. An id that is
 * taken (409) is then decided from one realtime mget and written fenced by the version read,
 * and a fence that lost is decided again from a fresh read, as `fencedUpdate` does for one id,
 * so two schedules of one id (in one bulk or not) never both win. Rejects only when the first
 * write fails as a whole: nothing written.
 */
async function writeTracking(
  items: PreparedSchedule[],
  { store, staleThresholdMs, maxConflictRetries }: ScheduleWriterDeps
): Promise<TrackingOutcome[]> {
  const outcomes: Array<TrackingOutcome | undefined> = items.map(() => undefined);
  let pending = items.map((_item, i) => i);
  // attempt 0 is the blind create; the retries are counted after it, as fencedUpdate counts them
  for (let attempt = 0; attempt <= maxConflictRetries + 1 && pending.length > 0; attempt++) {
    let written: Awaited<ReturnType<TrackingStore['bulkPut']>>;
    const puts: Array<{ index: number; put: TrackingPut }> = [];
    try {
      const current =
        attempt === 0
          ? new Map<string, VersionedTrackingDocument>()
          : await store.mget([...new Set(pending.map((i) => items[i].id))]);
      const now = new Date().toISOString();
      for (const i of pending) {
        const { id, type, space, params, retention, cron } = items[i];
        const previous = current.get(id);
        const next = transitions.schedule(previous?.doc, {
          ...{ id, type, space, params, now, staleThresholdMs },
          ...(retention ? { retention } : {}),
          ...(cron ? { cron } : {}),
        });
        if (isRefusal(next)) outcomes[i] = { error: errorFromRefusal(next) };
        else puts.push({ index: i, put: { doc: next.doc, version: previous } });
      }
      written = await store.bulkPut(puts.map(({ put }) => put));
    } catch (caught) {
      if (attempt === 0) throw caught;
      for (const i of pending) outcomes[i] ??= { error: toError(caught) };
      break;
    }
    pending = [];
    for (const [n, result] of written.entries()) {
      const { index, put } = puts[n];
      if (result.ok) outcomes[index] = { replaced: put.version !== undefined };
      else if (result.status === 409) pending.push(index);
      else {
        outcomes[index] = {
          error: Object.assign(new Error(`Could not write task [${put.doc.id}]: ${result.error}`), {
            statusCode: result.status,
          }),
        };
      }
    }
  }
  return outcomes.map(
    (outcome, i) =>
      outcome ?? {
        error: new TaskConflictError(
          `Task [${items[i].id}] kept changing: gave up after ${maxConflictRetries + 1} conflicting writes`
        ),
      }
  );
}

function toTaskInstance(item: PreparedSchedule): TaskInstance {
  const { id, type, space, params, runAt, schedule, priority } = item;
  return {
    id,
    taskType: type,
    params: {
      ...(params as object),
      _task: { id, type, space },
    } satisfies TaskManagerTaskParams<object>,
    state: {},
    scope: [TASK_SCOPE],
    priority,
    ...(runAt ? { runAt } : {}),
    ...(schedule ? { schedule } : {}),
  };
}

/**
 * Schedules the Task Manager tasks of runs whose tracking documents are written: a previous
 * run's task removed first (one bulk remove), then one `bulkSchedule` per user request (each
 * task runs as the user who asked, so items of different requests cannot share one). A task
 * Task Manager did not store goes once more through `removeIfExists` + `schedule`, which also
 * names why it failed. Answers the error of each item that failed, undefined for the others.
 */
async function scheduleTasks(
  items: PreparedSchedule[],
  replaced: boolean[],
  { taskManager, onTasksStored }: ScheduleWriterDeps
): Promise<Array<Error | undefined>> {
  const errors: Array<Error | undefined> = items.map(() => undefined);
  const toRemove = items.filter((_item, i) => replaced[i]).map(({ id }) => id);
  let removal: Error | undefined;
  if (toRemove.length > 0) {
    removal = await taskManager.bulkRemove(toRemove).then(
      () => undefined,
      (caught: unknown) => toError(caught)
    );
  }
  const byRequest = new Map<KibanaRequest, number[]>();
  for (const [i, item] of items.entries()) {
    if (removal && replaced[i]) errors[i] = removal;
    else byRequest.set(item.request, [...(byRequest.get(item.request) ?? []), i]);
  }
  await Promise.all(
    [...byRequest].map(async ([request, indexes]) => {
      let stored: Set<string>;
      try {
        const tasks = await taskManager.bulkSchedule(
          indexes.map((i) => toTaskInstance(items[i])),
          { request }
        );
        stored = new Set(tasks.map(({ id }) => id));
        onTasksStored?.(tasks);
      } catch (caught) {
        for (const i of indexes) errors[i] = toError(caught);
        return;
      }
      await Promise.all(
        indexes
          .filter((i) => !stored.has(items[i].id))
          .map(async (i) => {
            try {
              await taskManager.removeIfExists(items[i].id);
              onTasksStored?.([await taskManager.schedule(toTaskInstance(items[i]), { request })]);
            } catch (caught) {
              errors[i] = toError(caught);
            }
          })
      );
    })
  );
  return errors;
}

/** Do not leave a run `in_progress` that Task Manager will never start. */
async function recordFailure(deps: ScheduleWriterDeps, id: string, error: Error): Promise<void> {
  const now = new Date().toISOString();
  const message = `Could not schedule the task: ${error.message}`;
  await fencedUpdate(
    deps.store,
    id,
    (current) => {
      if (!current) return { result: undefined };
      const next = transitions.finishRun(
        current.doc,
        { kind: 'failed', error: message },
        { now, recurring: false }
      );
      return isRefusal(next) ? { result: undefined } : { write: next.doc, result: undefined };
    },
    deps.maxConflictRetries
  ).catch((failError: unknown) =>
    deps.logger.error(`Recording the scheduling failure of [${id}] failed`, {
      error: toError(failError),
    })
  );
}

/**
 * Writes prepared schedules: tracking documents first (one fenced `_bulk`), then the Task
 * Manager tasks of the accepted ones. One answer per item, in order: undefined when scheduled,
 * else the error (a refused item wrote nothing; one Task Manager refused ends `failed`).
 * Rejects only when nothing could be written at all (Elasticsearch unreachable).
 */
export async function writeSchedules(
  items: PreparedSchedule[],
  deps: ScheduleWriterDeps
): Promise<Array<Error | undefined>> {
  if (items.length === 0) return [];
  const tracking = await writeTracking(items, deps);
  const accepted = items.flatMap((item, i) => (tracking[i].error ? [] : [{ item, i }]));
  const taskErrors = await scheduleTasks(
    accepted.map(({ item }) => item),
    accepted.map(({ i }) => tracking[i].replaced === true),
    deps
  );
  const errors = tracking.map(({ error }) => error);
  await Promise.all(
    accepted.map(async ({ item, i }, n) => {
      const error = taskErrors[n];
      if (!error) return;
      errors[i] = error;
      await recordFailure(deps, item.id, error);
    })
  );
  return errors;
}

/** One item's answer: the run's result, or the error naming what was wrong with it. */
export type BulkScheduleResult = { id: string; result: TaskResult } | { id: string; error: Error };

/**
 * Prepares each request (an id given twice is refused the second time: which of the two would
 * win is not the caller's to guess), writes the valid ones with `write`, and answers every
 * item in order.
 */
export async function bulkScheduleRequests(
  requests: ScheduleRequest[],
  context: { space: string; getTaskType: (type: string) => RegisteredTaskType | undefined },
  write: (items: PreparedSchedule[]) => Promise<Array<Error | undefined>>
): Promise<BulkScheduleResult[]> {
  const answers: BulkScheduleResult[] = [];
  const prepared: Array<{ index: number; item: PreparedSchedule }> = [];
  const seen = new Set<string>();
  for (const [index, request] of requests.entries()) {
    const { id } = request.task;
    try {
      if (seen.has(id)) {
        throw new TaskConflictError(`Task id [${id}] is given more than once in this request`);
      }
      seen.add(id);
      prepared.push({ index, item: prepareSchedule(request, context) });
    } catch (caught) {
      answers[index] = { id, error: toError(caught) };
    }
  }
  const errors = await write(prepared.map(({ item }) => item));
  for (const [n, { index, item }] of prepared.entries()) {
    const error = errors[n];
    answers[index] = error
      ? { id: item.id, error }
      : { id: item.id, result: { status: S.InProgress } };
  }
  return answers;
}
