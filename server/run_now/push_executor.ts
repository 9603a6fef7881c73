// Accepts pushed tasks: refuses a claim that does not hold, admits by capacity and starts the
// run under the pushed claim, whose version its finish is fenced by.
import { TaskCost } from '@kbn/task-manager-plugin/server';
import { MAX_VOUCHED_TASKS, type RunNowRequestBody } from '../../common/push/push_protocol';
import { TaskRunAbortReason } from '../../common/task_run_abort_reason';
import { DEFAULT_MAX_ATTEMPTS } from '../../common/task_defaults';
import { getTimeout, parseIntervalAsMillisecond } from '../../common/task_schedule';
import { toError } from '../lib/to_error';
import { REQUEST_PATH_READ_OPTIONS } from '../lib/request_path_client';
import { BufferedReader } from '../storage/buffered_reader';
import { BufferedWriter } from '../storage/buffered_writer';
import type { VersionedTrackingDocument } from '../storage/tracking_store';
import type { RegisteredTaskType } from '../types';
import { CapacityTracker, type AdmitRequest } from './capacity_tracker';
import { NOT_ACCEPTING, refusedAnswer, type PushDecision } from './push_decision';
import {
  executePushedTask,
  releasePushedRun,
  type ExecuteDeps,
  type PushedRun,
} from './execute_pushed_task';
import { EndedClaims } from './ended_claims';
import type { PushExecutorOptions, PushExecutorStartDeps } from './push_executor_options';
import { PushQueue, type QueuedRun } from './push_queue';
import { releaseClaim } from './release_claim';
import { shutDownRuns } from './shut_down_runs';
import { verifyClaim, type VerifiedClaim } from './verify_claim';

export type {
  PushExecutorOptions,
  PushExecutorStartDeps,
  PushTracking,
} from './push_executor_options';

type Running = PushedRun & {
  done: Promise<void>;
  /** the timeout fired while the runner still ran: its outcome would not be written */
  timedOut: boolean;
  /** the runner is writing its outcome (tracking document): vouched for whatever the time */
  recordingOutcome: boolean;
};

export class PushExecutor {
  private readonly tracker: CapacityTracker;
  private readonly queue: PushQueue;
  private readonly running = new Map<string, Running>();
  /** claims whose run ended here: a replay of one is refused */
  private readonly endedClaims = new EndedClaims();
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
    const verification = await this.verify(body);
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
      const { claim, tracking } = verification;
      const queued = { body, claim, tracking, request, queuedAt: Date.now() };
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
    if (this.endedClaims.has({ id, seqNo: claim.seq_no, primaryTerm: claim.primary_term })) {
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
      else if (Date.now() - queued.queuedAt < (this.options.queuedVerifyAfterMs ?? 1000)) {
        this.startRun(queued.claim, queued.tracking);
      } else void this.startVerified(queued);
      return true;
    });
  }

  /**
   * Starts a push that waited in the queue for long once its claim is read again: while this
   * node could not reach Elasticsearch (nor vouch for it) the claim may have lapsed and been
   * taken over. The slot is held meanwhile; a claim that no longer holds runs nothing.
   */
  private async startVerified(queued: QueuedRun): Promise<void> {
    const { id } = queued.request;
    const verification = await this.verify(queued.body).catch(() => undefined);
    if (verification?.ok && !this.stopping) {
      return this.startRun(verification.claim, verification.tracking);
    }
    this.tracker.release(id);
    if (verification?.ok)
      await this.releaseQueued(queued); // stopping: given back
    else this.endQueued(queued); // its claim no longer holds: nothing to give back
    this.startQueued();
  }

  /** A queued push that will not run here: remembered as ended, and its room reported free. */
  private endQueued({ claim }: QueuedRun): void {
    this.rememberEnded(claim);
    this.options.onRunEnded?.(claim.task.id);
  }

  /** Reads the pushed claim back: does it hold for this node? */
  private verify(body: RunNowRequestBody) {
    return verifyClaim(body, {
      reader: this.reader as BufferedReader,
      index: this.options.taskIndex,
      nodeId: this.options.nodeId,
      isRegisteredType: (type) => this.options.getTaskType(type) !== undefined,
      trackingIndex: this.tracking?.index,
    });
  }

  private async releaseQueued(queued: QueuedRun): Promise<void> {
    const deps = this.deps as ExecuteDeps;
    const { claim } = queued;
    this.endQueued(queued);
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

  private rememberEnded({ task, seqNo, primaryTerm }: VerifiedClaim): void {
    this.endedClaims.remember({ id: task.id, seqNo, primaryTerm });
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
