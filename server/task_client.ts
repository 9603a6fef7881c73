// What plugins call to schedule, follow, cancel and acknowledge background tasks of one space.
import type { KibanaRequest } from '@kbn/core/server';
import { TaskStatus as TaskManagerStatus } from '@kbn/task-manager-plugin/server';
import {
  BackgroundTaskStatus as S,
  MAX_LIST_RESULT_WINDOW,
  isRefusal,
  readStatus,
  toTaskResult,
  trackingTransitions as transitions,
  type BackgroundTaskStatus,
  type NotStartedTask,
  type RunOutcome,
  type TaskListResponse,
  type TaskResult,
  type TrackingDocument,
} from '../common';
import { errorFromRefusal, InvalidListOptionsError, TaskNotFoundError } from './errors';
import type { CronSchedule } from '../common/cron_schedule';
import { isNotFound } from './lib/es_errors';
import { toError } from './lib/to_error';
import { fencedUpdate, type FencedDecide, type FencedUpdateOptions } from './storage/fenced_update';
import type { VersionedTrackingDocument } from './storage/tracking_store';
import type { RegisteredTaskType, TaskSchedule } from './types';
import {
  bulkScheduleRequests,
  prepareSchedule,
  writeSchedules,
  type BulkScheduleResult,
  type ScheduleWriterDeps,
} from './bulk_schedule';
import { ScheduleBatcher } from './schedule_batcher';
import type { RunStarts } from './run_starts';
import { listQuery, type ListOptions } from './storage/list_query';

export type { ListableStatus, ListOptions } from './storage/list_query';

export interface TaskClientDeps extends ScheduleWriterDeps {
  space: string;
  getTaskType: (type: string) => RegisteredTaskType | undefined;
  /** by task id, a run's tracking document as last read or written (`known`). @defaultValue none */
  runVersions?: Map<string, VersionedTrackingDocument>;
  /**
   * Pushed runs' starts, decided by `startRunFromRead` and answered by the run's `startRun`.
   * @defaultValue none: every start is written by `startRun`
   */
  runStarts?: RunStarts;
  /** shared by the clients of one store, so their concurrent schedules share bulk writes */
  scheduleBatcher?: ScheduleBatcher;
}

export interface ScheduleRequest<TParams = unknown> {
  /** `space` defaults to the client's, and must be it */
  task: { id: string; type: string; space?: string };
  params: TParams;
  /** the user's request: the task later runs with a fake request for that user */
  request: KibanaRequest;
  runAt?: Date;
  /** makes the task recurring; defaults to the type's `schedule` (cron: see `storedSchedule`) */
  schedule?: TaskSchedule | CronSchedule;
}

export interface RunOutcomeOptions {
  /** a recurring task stays in_progress between runs */
  recurring?: boolean;
  /**
   * the run's start, as `startRun` answered it: an outcome is recorded only on the run it
   * belongs to. @defaultValue whatever run is in progress
   */
  runStartedAt?: string;
}

/**
 * Every change is a fenced read-modify-write (see `fencedUpdate`), so concurrent writers
 * (a user cancelling, the node completing) never overwrite each other. A document of
 * another space is treated exactly like a missing one.
 */
export class TaskClient {
  private readonly batcher: ScheduleBatcher;

  constructor(private readonly deps: TaskClientDeps) {
    this.batcher =
      deps.scheduleBatcher ?? new ScheduleBatcher((items) => writeSchedules(items, deps));
  }

  public get space(): string {
    return this.deps.space;
  }

  /** The tracking document, or a `not_started` answer when there is none in this space. */
  public async get<TParams = unknown, TPayload = unknown>(
    id: string
  ): Promise<TrackingDocument<TParams, TPayload> | NotStartedTask> {
    const doc = this.own(await this.deps.store.get(id));
    return (doc as TrackingDocument<TParams, TPayload>) ?? { id, status: S.NotStarted };
  }

  /** The task result routes answer: status (possibly `stale`), payload or error. */
  public async getStatus<TPayload = unknown>(id: string): Promise<TaskResult<TPayload>> {
    return this.toResult<TPayload>(await this.get(id));
  }

  /**
   * Starts a run: validates the params, writes the tracking document `in_progress`, then
   * schedules the Task Manager task under the same id. Re-scheduling a finished task starts
   * a new run with the same id. Refuses while the previous run is being canceled or is
   * still running (unless it went stale).
   */
  public async schedule<TParams = unknown>(request: ScheduleRequest<TParams>): Promise<TaskResult> {
    const prepared = prepareSchedule(request, this.deps);
    await this.batcher.schedule(prepared);
    this.deps.logger.debug(
      `Scheduled ${prepared.type} task [${prepared.id}] in space [${prepared.space}]`
    );
    return { status: S.InProgress };
  }

  /**
   * Schedules many runs at once, each as `schedule` would (same checks, same errors), in one
   * bulk of tracking documents and Task Manager's `bulkSchedule`. Answers each item in order:
   * its result, or the error naming what was wrong (an item refused writes nothing; an id
   * given twice is refused the second time). Rejects only when Elasticsearch could not be
   * reached at all, before anything was written.
   */
  public bulkSchedule(requests: ScheduleRequest[]): Promise<BulkScheduleResult[]> {
    return bulkScheduleRequests(requests, this.deps, (items) => writeSchedules(items, this.deps));
  }

  /**
   * Changes the document with `change`, fenced; id, space, type and status cannot change: the
   * status moves only through the state machine's transitions (schedule, cancel, ...).
   */
  public async update(
    id: string,
    change: (doc: TrackingDocument) => TrackingDocument
  ): Promise<TrackingDocument> {
    return this.fenced(id, (current) => {
      const doc = this.ownOrThrow(id, current);
      const { space, type, status } = doc;
      const next = { ...change(doc), id: doc.id, space, type, status };
      return { write: { ...next, updated_at: new Date().toISOString() }, result: next };
    });
  }

  /**
   * Asks the node running the task to cancel it (`being_canceled`); a task Task Manager has
   * not started yet is removed and `canceled` at once. Only an `in_progress` task can be
   * canceled: a refused cancel is answered with the status unchanged (not a conflict).
   */
  public async cancel(id: string): Promise<TaskResult> {
    const now = new Date().toISOString();
    const doc = await this.fenced(id, (current) => {
      const own = this.ownOrThrow(id, current);
      const next = transitions.requestCancel(own, now);
      return isRefusal(next) ? { result: own } : { write: next.doc, result: next.doc };
    });
    if (doc.status !== S.BeingCanceled) return this.toResult(doc);
    return this.toResult((await this.cancelIfNotRunning(id)) ?? doc);
  }

  /**
   * `completed` becomes `acknowledged`; acknowledging again answers it unchanged; anything
   * else is an AcknowledgingIncompleteError.
   */
  public async acknowledge<TPayload = unknown>(id: string): Promise<TaskResult<TPayload>> {
    const now = new Date().toISOString();
    const doc = await this.fenced(id, (current) => {
      const own = this.ownOrThrow(id, current);
      const next = transitions.acknowledge(own, now);
      if (!isRefusal(next)) return { write: next.doc, result: next.doc };
      if (next.refused === 'already_acknowledged') return { result: own };
      throw errorFromRefusal(next);
    });
    return this.toResult<TPayload>(doc);
  }

  /**
   * Called by the runner wrapper when a run starts. Returns the run's start (its
   * `run_started_at`, which names the run for its outcome: `RunOutcomeOptions.runStartedAt`),
   * or false when the run must not happen (canceled before it started, or the tracking
   * document is gone).
   */
  public async startRun(id: string): Promise<string | false> {
    const decided = this.deps.runStarts?.begin(id, (read, startedAt) =>
      this.writeDeferredStart(id, read, startedAt)
    );
    if (decided !== undefined) return decided;
    const now = new Date().toISOString();
    const known = this.deps.runVersions?.get(id);
    return this.fencedWith({ known, onWritten: this.keepRunVersion(id) }, id, (current) => {
      const own = this.own(current);
      if (!own) return { result: false };
      const start = transitions.startRun(own, now);
      if (isRefusal(start)) return { result: false };
      return { write: start.doc, result: start.run && start.doc.run_started_at! };
    });
  }

  /**
   * A pushed run's start, decided from the tracking document as the push's read saw it
   * (`runVersions`) as its pushed run begins, into `runStarts` for the run's
   * `startRun` to answer. A run going ahead writes nothing yet (see RunStarts); a cancel asked
   * before the read is written at once, fenced by that read, and nothing runs. Nothing is
   * decided when that read is not at hand or the cancel's write failed: `startRun` then reads
   * and decides, as for any run.
   */
  public async startRunFromRead(id: string): Promise<void> {
    const { runVersions: versions, runStarts: starts } = this.deps;
    const known = versions?.get(id);
    const own = this.own(known);
    if (!known || !own || !starts) return;
    const start = transitions.startRun(own, new Date().toISOString());
    if (isRefusal(start)) return;
    if (start.run)
      return starts.decided(id, { runStartedAt: start.doc.run_started_at!, read: known });
    try {
      await this.deps.store.replace(start.doc, known);
      versions?.delete(id);
    } catch {
      return; // a conflict or an outage: decided again by `startRun`
    }
    starts.decided(id, { runStartedAt: false });
  }

  /**
   * The deferred start of a run still running after the delay, decided again from the push's
   * read (`startDeferred`); a conflict reads and decides again. A failure is left to the
   * outcome, which writes the start with it.
   */
  private async writeDeferredStart(
    id: string,
    read: VersionedTrackingDocument,
    startedAt: string
  ): Promise<void> {
    const now = new Date().toISOString();
    await this.fencedWith({ known: read, onWritten: this.keepRunVersion(id) }, id, (current) => {
      const own = this.own(current);
      const start = own && transitions.startDeferred(own, read.doc, { now, startedAt });
      return start && !isRefusal(start)
        ? { write: start.doc, result: undefined }
        : { result: undefined };
    });
  }

  /** Records a successful run; answers the status it ended with (`canceled` if one won). */
  public complete(id: string, payload: unknown, options: RunOutcomeOptions = {}) {
    return this.finish(id, { kind: 'completed', payload }, options);
  }

  /** Records a failed run with its error message. */
  public fail(id: string, error: string, options: RunOutcomeOptions = {}) {
    return this.finish(id, { kind: 'failed', error }, options);
  }

  /** Records that a run stopped because it was canceled. */
  public markCanceled(id: string, options: Pick<RunOutcomeOptions, 'runStartedAt'> = {}) {
    return this.finish(id, { kind: 'canceled' }, options);
  }

  /**
   * A page of this space's tasks, newest first; an InvalidListOptionsError past Elasticsearch's
   * result window (`page × perPage` over `MAX_LIST_RESULT_WINDOW`).
   */
  public async list(options: ListOptions = {}): Promise<TaskListResponse> {
    const page = Math.max(1, Math.floor(options.page ?? 1));
    const perPage = Math.min(1000, Math.max(1, Math.floor(options.perPage ?? 20)));
    if (page * perPage > MAX_LIST_RESULT_WINDOW) {
      throw new InvalidListOptionsError(
        `[page] × [perPage] must be at most ${MAX_LIST_RESULT_WINDOW} (Elasticsearch's result window)`
      );
    }
    if (options.space !== undefined && options.space !== this.space) {
      return { tasks: [], total: 0, page, perPage };
    }
    const { docs, total } = await this.deps.store.search(
      listQuery(this.space, options, this.deps.staleThresholdMs),
      {
        from: (page - 1) * perPage,
        size: perPage,
      }
    );
    const now = Date.now();
    const tasks = docs.map((doc) => ({
      ...doc,
      status: readStatus(doc, now, this.deps.staleThresholdMs),
    }));
    return { tasks, total, page, perPage };
  }

  /** Deletes the tracking document and the Task Manager task; false when there was none. */
  public async delete(id: string): Promise<boolean> {
    const deleted = await this.fenced(id, (current) =>
      this.own(current) ? { remove: true, result: true } : { result: false }
    );
    if (deleted) await this.deps.taskManager.removeIfExists(id);
    return deleted;
  }

  /**
   * A pushed run whose start is still unwritten (see RunStarts) writes it with the outcome:
   * both decided from the push's read, in one write.
   */
  private async finish(
    id: string,
    outcome: RunOutcome,
    { recurring = false, runStartedAt }: RunOutcomeOptions
  ): Promise<BackgroundTaskStatus> {
    const now = new Date().toISOString();
    const starts = this.deps.runStarts;
    const unwritten = runStartedAt !== undefined ? await starts?.unwritten(id) : undefined;
    const known = this.deps.runVersions?.get(id);
    this.deps.runVersions?.delete(id);
    const status = await this.fencedWith({ known: known ?? unwritten }, id, (current) => {
      const own = this.own(current);
      if (!own) return { result: S.NotStarted };
      const next = transitions.finishRun(own, outcome, {
        now,
        recurring,
        runStartedAt,
        unwrittenStartFrom: unwritten?.doc,
      });
      return isRefusal(next)
        ? { result: own.status }
        : { write: next.doc, result: next.doc.status };
    });
    starts?.forget(id);
    return status;
  }

  /**
   * The cancel of a task Task Manager has not started: nothing will notice `being_canceled`,
   * so remove the Task Manager task and record `canceled` now. If Task Manager claims it in
   * between, the run finds the document canceled and does nothing.
   */
  private async cancelIfNotRunning(id: string): Promise<TrackingDocument | undefined> {
    let taskManagerStatus: string | undefined;
    try {
      taskManagerStatus = (await this.deps.taskManager.get(id)).status;
    } catch (caught) {
      if (!isNotFound(caught)) {
        this.deps.logger.warn(
          `Could not read Task Manager task [${id}]: ${toError(caught).message}`
        );
        return undefined;
      }
    }
    const running =
      taskManagerStatus === TaskManagerStatus.Running ||
      taskManagerStatus === TaskManagerStatus.Claiming;
    if (running) return undefined;
    await this.deps.taskManager.removeIfExists(id);
    const now = new Date().toISOString();
    return this.fenced(id, (current) => {
      const own = this.own(current);
      if (!own) return { result: undefined };
      const next = transitions.completeCancel(own, now);
      return isRefusal(next) ? { result: own } : { write: next.doc, result: next.doc };
    });
  }

  /** Keeps a run's start as written, for its outcome to decide from; forgets any other. */
  private keepRunVersion(id: string) {
    const versions = this.deps.runVersions;
    return (written?: VersionedTrackingDocument) =>
      written?.doc.status === S.InProgress ? versions?.set(id, written) : versions?.delete(id);
  }

  private fenced<R>(id: string, decide: FencedDecide<R>): Promise<R> {
    return this.fencedWith({}, id, decide);
  }

  private fencedWith<R>(options: FencedUpdateOptions, id: string, decide: FencedDecide<R>) {
    return fencedUpdate(this.deps.store, id, decide, this.deps.maxConflictRetries, options);
  }

  private own(current: VersionedTrackingDocument | undefined): TrackingDocument | undefined {
    return current && current.doc.space === this.space ? current.doc : undefined;
  }

  private ownOrThrow(id: string, current: VersionedTrackingDocument | undefined) {
    const own = this.own(current);
    if (!own) throw new TaskNotFoundError(id);
    return own;
  }

  private toResult<TPayload = unknown>(doc: TrackingDocument | NotStartedTask) {
    return toTaskResult<TPayload>(doc, {
      now: Date.now(),
      staleThresholdMs: this.deps.staleThresholdMs,
    });
  }
}
