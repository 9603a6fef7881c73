// Accepts pushed tasks: refuses a claim that does not hold, admits by capacity and starts the
// run under the pushed claim, whose version its finish is fenced by.
import type {
  ElasticsearchClient,
  IBasePath,
  Logger,
  SecurityServiceStart,
} from '@kbn/core/server';
import { TaskCost, type TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import { MAX_VOUCHED_TASKS, type RunNowRequestBody } from '../../common/push/push_protocol';
import { TaskRunAbortReason } from '../../common/task_run_abort_reason';
import { DEFAULT_MAX_ATTEMPTS } from '../../common/task_defaults';
import { getTimeout, parseIntervalAsMillisecond } from '../../common/task_schedule';
import type { TaskWriteClient } from '../../common/task_lifecycle/write_task';
import { toError } from '../lib/to_error';
import { REQUEST_PATH_READ_OPTIONS } from '../lib/request_path_client';
import { BufferedReader } from '../storage/buffered_reader';
import { BufferedWriter } from '../storage/buffered_writer';
import type { VersionedTrackingDocument } from '../storage/tracking_store';
import type { RunStarts } from '../run_starts';
import type { RegisteredTaskType } from '../types';
import { CapacityTracker, type AdmitRequest } from './capacity_tracker';
import { NOT_ACCEPTING, refusedAnswer, type PushDecision } from './push_decision';
import {
  executePushedTask,
  releasePushedRun,
  type ExecuteDeps,
  type PushedRun,
} from './execute_pushed_task';
import { PushQueue, type QueuedRun } from './push_queue';
import { releaseClaim } from './release_claim';
import { shutDownRuns } from './shut_down_runs';
import { verifyClaim, type VerifiedClaim } from './verify_claim';

export interface PushExecutorOptions {
  /** this node's id (Kibana `server.uuid`): the owner a valid claim names */
  nodeId: string;
  /** cost units run at once */
  capacity: number;
  /**
   * cost units of pushed tasks accepted beyond `capacity`, started in order as runs end
   * (see push_queue.ts). @defaultValue 0: a push beyond capacity is answered 429
   */
  queueCapacity?: number;
  /** how long `stop` waits for aborted runs before releasing their claims, in ms */
  shutdownTimeoutMs: number;
  /** the task index pushed tasks are read from and finished in */
  taskIndex: string;
  /** max attempts of a type that sets none. @defaultValue DEFAULT_MAX_ATTEMPTS */
  defaultMaxAttempts?: number;
  getTaskType: (type: string) => RegisteredTaskType | undefined;
  /** a pushed run ended and its capacity is free (the node tells the dispatcher) */
  onRunEnded?: (taskId: string) => void;
  logger: Logger;
}

export interface PushExecutorStartDeps {
  esClient: ElasticsearchClient;
  taskManager: TaskManagerStartContract;
  basePath: IBasePath;
  security?: SecurityServiceStart;
  /**
   * Where task-document writes go. @defaultValue a BufferedWriter over `esClient`: concurrent
   * runs' finishes and releases share one `_bulk`
   */
  taskWriter?: TaskWriteClient;
  /**
   * The tracking index, read with the task in one `_mget`, and where the read is handed to the
   * run's start (TaskService's run versions: see `TaskClientDeps.runVersions`).
   * @defaultValue none: the run's start reads its tracking document itself
   */
  tracking?: PushTracking;
}

export interface PushTracking {
  index: string;
  versions: Map<string, VersionedTrackingDocument>;
  /** starts decided from the push's read (`TaskClientDeps.runStarts`) */
  starts?: RunStarts;
  /**
   * Decides the run's start from the push's read as the run begins, into `starts` (see
   * `TaskService.startRunFromRead`). @defaultValue none: the run writes its start itself
   */
  startRunFromRead?: (id: string) => Promise<void>;
}

type Running = PushedRun & {
  done: Promise<void>;
  /** the timeout fired while the runner still ran: its outcome would not be written */
  timedOut: boolean;
  /** the runner is writing its outcome (tracking document): vouched for whatever the time */
  recordingOutcome: boolean;
};

/**
 * How long a claim that ran here is remembered, in ms: far longer than a push can be under way
 * (`push.timeout_ms`, 5 s), so a replay never starts it again.
 */
const ENDED_CLAIM_MEMORY_MS = 60_000;

function claimKey(id: string, seqNo: number, primaryTerm: number): string {
  return `${id}:${seqNo}:${primaryTerm}`;
}

export class PushExecutor {
  private readonly tracker: CapacityTracker;
  private readonly queue: PushQueue;
  private readonly running = new Map<string, Running>();
  /**
   * claims whose run ended here, kept `ENDED_CLAIM_MEMORY_MS`: a replay read before the finish
   * changed the version would pass the claim check
   */
  private readonly endedClaims = new Map<string, number>();
  private deps?: ExecuteDeps;
  /** the claims' verify reads: pushes arriving together share one `_mget` */
  private reader?: BufferedReader;
  private tracking?: PushExecutorStartDeps['tracking'];
  private stopping = false;

  constructor(private readonly options: PushExecutorOptions) {
    this.tracker = new CapacityTracker(options.capacity);
    this.queue = new PushQueue(options.queueCapacity ?? 0);
  }

  public start({
    esClient,
    taskManager,
    basePath,
    security,
    taskWriter = new BufferedWriter(esClient),
    tracking,
  }: PushExecutorStartDeps): void {
    this.tracking = tracking;
    this.reader = new BufferedReader(esClient, REQUEST_PATH_READ_OPTIONS);
    const { taskIndex, defaultMaxAttempts = DEFAULT_MAX_ATTEMPTS, logger } = this.options;
    this.deps = {
      esClient,
      taskWriter,
      taskManager,
      basePath,
      security,
      taskIndex,
      defaultMaxAttempts,
      logger,
    };
  }

  /**
   * The tasks this node vouches for in its heartbeat: each run until its finish settles, unless
   * it outlived its timeout before it began writing its outcome (that run writes nothing and
   * its claim lapses, as in Task Manager).
   */
  public vouchedTaskIds(): string[] {
    return [...this.running.values()]
      .filter((run) => !run.timedOut || run.recordingOutcome)
      .map((run) => run.claim.task.id)
      .concat(this.queue.ids())
      .slice(0, MAX_VOUCHED_TASKS);
  }

  /**
   * Called by a run that begins writing its outcome: from now on it is vouched for until its
   * finish settles, so its writes may wait out an outage of any length. False when this node
   * is not running the task through a push (pull mode): the caller keeps its bounded retry.
   */
  public vouchForOutcome(taskId: string): boolean {
    const run = this.running.get(taskId);
    if (!run) return false;
    run.recordingOutcome = true;
    run.workEndedAt ??= new Date();
    return true;
  }

  /** Cost units this node runs at once: `push.capacity`, or lower once Task Manager refused a run. */
  public get capacity(): number {
    return this.tracker.capacity;
  }

  /** Cost units in use (for tests and metrics). */
  public get usedCapacity(): number {
    return this.tracker.used;
  }

  /**
   * Decides a push; a 202 means the run has started under the pushed claim (nothing is written:
   * its finish is fenced by the claim's version). A push of a claim already running here is
   * answered 202 again, one that already ran here 409: a claim runs at most once on its node,
   * and a finished claim no longer holds (the finish changed its version).
   */
  public async accept(body: RunNowRequestBody): Promise<PushDecision> {
    if (this.notAccepting()) return NOT_ACCEPTING;
    const known = this.knownClaim(body);
    if (known) return known;
    const verification = await verifyClaim(body, {
      reader: this.reader as BufferedReader,
      index: this.options.taskIndex,
      nodeId: this.options.nodeId,
      isRegisteredType: (type) => this.options.getTaskType(type) !== undefined,
      trackingIndex: this.tracking?.index,
    });
    if (!verification.ok) {
      return { status: 409, message: `The claim does not hold: ${verification.reason}` };
    }
    // Asked again after the await: the node may have begun stopping, or a replay got in first.
    if (this.notAccepting()) return NOT_ACCEPTING;
    const again = this.knownClaim(body);
    if (again) return again;
    const request = this.admitRequest(body);
    const refusal = this.tracker.admit(request);
    if (refusal === 'full') {
      const queued = { claim: verification.claim, tracking: verification.tracking, request };
      if (this.queue.offer(queued)) return { status: 202, message: `Task [${body.id}] queued` };
    }
    if (refusal) return refusedAnswer(refusal, body);
    this.startRun(verification.claim, verification.tracking);
    return { status: 202, message: `Task [${body.id}] accepted` };
  }

  /** The answer to a push of a claim this node runs or ran (a replay), else undefined. */
  private knownClaim({ id, claim }: RunNowRequestBody): PushDecision | undefined {
    const run = this.running.get(id)?.claim;
    if (run?.seqNo === claim.seq_no && run.primaryTerm === claim.primary_term) {
      return { status: 202, message: `Task [${id}] is already running under this claim` };
    }
    const queued = this.queue.get(id)?.claim;
    if (queued?.seqNo === claim.seq_no && queued.primaryTerm === claim.primary_term) {
      return { status: 202, message: `Task [${id}] is already queued under this claim` };
    }
    if (this.endedClaims.has(claimKey(id, claim.seq_no, claim.primary_term))) {
      return { status: 409, message: `The claim of task [${id}] already ran on this node` };
    }
  }

  /**
   * Stops accepting pushes, aborts every run, waits up to the shutdown timeout for them, and
   * releases the claims of those aborted (fenced) so the dispatcher re-dispatches at once.
   */
  public async stop(): Promise<void> {
    this.stopping = true;
    const deps = this.deps;
    if (!deps) return;
    const queued = this.queue.takeAll();
    await shutDownRuns(
      [...this.running.values()],
      this.options.shutdownTimeoutMs,
      (run) => this.running.get(run.claim.task.id) === run,
      (run) => releasePushedRun(run, deps)
    );
    // Never started: given back (fenced) for the dispatcher to push elsewhere at once.
    await Promise.allSettled(queued.map((run) => this.releaseQueued(run)));
  }

  /** Starts queued runs, oldest first, while they fit; called as a run frees its slot. */
  private startQueued(): void {
    this.queue.drain((queued) => {
      if (this.stopping) return false;
      const refusal = this.tracker.admit(queued.request);
      if (refusal === 'full') return false;
      if (refusal)
        void this.releaseQueued(queued); // its type filled up meanwhile
      else this.startRun(queued.claim, queued.tracking);
      return true;
    });
  }

  private async releaseQueued({ claim }: QueuedRun): Promise<void> {
    const deps = this.deps as ExecuteDeps;
    this.rememberEnded(claim);
    this.options.onRunEnded?.(claim.task.id);
    await releaseClaim(claim, { writer: deps.taskWriter, index: deps.taskIndex }).catch(
      (caught: unknown) =>
        deps.logger.warn(
          `Could not release queued task [${claim.task.id}]; its claim lapses: ${toError(caught).message}`
        )
    );
  }

  private notAccepting(): boolean {
    return !this.deps || this.stopping;
  }

  /** A run that will not happen (or has ended) leaves no tracking version or start behind. */
  private forgetTracking(id: string): void {
    this.tracking?.versions.delete(id);
    this.tracking?.starts?.forget(id);
  }

  /** What the run asks of the capacity tracker. */
  private admitRequest(body: RunNowRequestBody): AdmitRequest {
    const { definition, taskDefinition } = this.options.getTaskType(
      body.type
    ) as RegisteredTaskType;
    return {
      id: body.id,
      type: body.type,
      cost: taskDefinition.cost ?? TaskCost.Normal,
      // The plugin's own limit: Task Manager is not given it (see TaskService).
      maxConcurrency: definition.maxConcurrency,
    };
  }

  /**
   * Starts the run with its timeout. Its capacity slot is freed as soon as the run ends, before
   * the finishing write: the dispatcher pushes the next task once it sees this one finished.
   */
  private startRun(verified: VerifiedClaim, tracking?: VersionedTrackingDocument): void {
    const deps = this.deps as ExecuteDeps;
    // The run's clock starts here, as Task Manager's does at its own claim: its timeout, and the
    // finish's judgement of it (and a recurring task's next run), count from the real start.
    const claim = { ...verified, task: { ...verified.task, startedAt: new Date() } };
    const { task } = claim;
    const registered = this.options.getTaskType(task.taskType) as RegisteredTaskType;
    const abortController = new AbortController();
    const timeout = getTimeout(task, registered.taskDefinition);
    const timer = setTimeout(() => {
      run.timedOut = true;
      abortController.abort(TaskRunAbortReason.timeout(`[${task.id}]`, timeout));
    }, parseIntervalAsMillisecond(timeout));
    let slotFreed = false;
    const freeSlot = () => {
      if (slotFreed) return;
      slotFreed = true;
      clearTimeout(timer);
      this.tracker.release(task.id);
      this.options.onRunEnded?.(task.id);
      this.startQueued();
    };
    const run: Running = {
      claim,
      registered,
      abortController,
      shutdown: false,
      released: false,
      onRunEnded: freeSlot,
      onRefusedForRoom: () => this.lowerCapacity(registered.taskDefinition.cost ?? TaskCost.Normal),
      done: Promise.resolve(),
      timedOut: false,
      recordingOutcome: false,
    };
    this.running.set(task.id, run);
    const { id } = task;
    if (tracking) this.tracking?.versions.set(id, tracking);
    // Never rejects: a start not decided ahead is decided (and written) by the run itself.
    const startDecided = Promise.resolve(tracking && this.tracking?.startRunFromRead?.(id)).catch(
      () => undefined
    );
    run.done = startDecided
      .then(() => executePushedTask(run, deps))
      .catch((caught: unknown) =>
        // Finishing failed for good (not a transient outage): the claim lapses at retryAt.
        this.options.logger.error(
          `Finishing pushed task [${task.id}] failed: ${toError(caught).message}`,
          { tags: ['push', 'infrastructure'] }
        )
      )
      .finally(() => {
        freeSlot();
        this.rememberEnded(claim);
        // A later push of the same task may already run here once this one's slot was freed.
        if (this.running.get(task.id) !== run) return;
        this.running.delete(task.id);
        // A run that ended before its start or finish took its tracking version leaves none.
        this.forgetTracking(task.id);
      });
  }

  private rememberEnded({ task, seqNo, primaryTerm }: VerifiedClaim, now = Date.now()): void {
    for (const [key, endedAt] of this.endedClaims) {
      if (endedAt > now - ENDED_CLAIM_MEMORY_MS) break; // in insertion order: the rest is newer
      this.endedClaims.delete(key);
    }
    this.endedClaims.set(claimKey(task.id, seqNo, primaryTerm), now);
  }

  /**
   * Task Manager refused a pushed run for lack of room: `push.capacity` is above what this
   * node's Task Manager runs. Each such push would be accepted, refused and released (the
   * dispatcher claims it again at once), so the capacity is lowered to what ran when it refused,
   * with one warning; the heartbeat advertises it and pushes beyond it are answered 429.
   */
  private lowerCapacity(cost: number): void {
    const configured = this.options.capacity;
    const running = this.tracker.used; // the refused run's slot is already free
    if (!this.tracker.lower(Math.max(cost, running))) return;
    this.options.logger.warn(
      `[xpack.background_tasks.push.capacity] (${configured}) is above what Task Manager runs on ` +
        `this node ([xpack.task_manager.capacity], 2 cost units per normal task): it refused a ` +
        `pushed run with ${running} cost units running. Push capacity lowered to ` +
        `${this.tracker.capacity} until restart; set push.capacity to at most 2 × ` +
        `xpack.task_manager.capacity.`,
      { tags: ['push', 'capacity'] }
    );
  }
}
