// The leader's loop: read due tasks (notified ones at once with a realtime mget, the rest by
// polling), choose nodes, claim fenced, push, release what a node could not take. Errors of
// Elasticsearch pause the loop with back-off; they never end it.
import type { Client } from '@elastic/elasticsearch';
import type { NotifiedTask } from '../../common/push/notified_task';
import { MAX_NOTIFY_IDS, type NodeDocument } from '../../common/push/push_protocol';
import { nodeHasRoom, underClusterConcurrency } from './choose_node';
import { claimAndPush } from './claim_and_push';
import type { ClaimRequest } from './claim_tasks';
import type { DispatcherConfig } from './config';
import { findDueTasks, findNextRunAt } from './due_task_query';
import { describeError } from './errors';
import { backoffDelay } from './backoff_delay';
import type { InFlightTracker } from './in_flight';
import type { Leadership } from './leader_lease';
import type { Logger } from './logger';
import type { DispatcherMetrics } from './metrics';
import type { NodeBackoff } from './node_backoff';
import type { NodeRegistry } from './node_registry';
import type { PushClient } from './push';
import { placeCandidates } from './place_candidates';
import {
  MAX_CLAIMS_IN_FLIGHT,
  MAX_WAITING,
  READY_MAX_AGE_MS,
  WAITING_READ_PER_ENDED_RUN,
} from './dispatch_limits';
import { NotifiedTasks } from './read_notified_tasks';
import { StaleVersions } from './stale_versions';
import { settleExpiredTask } from './sweep_expired_task';
import { TaskBackoff } from './task_backoff';
import { taskDocId, type TaskCandidate } from './task_fields';

export interface DispatchLoopDeps {
  es: Client;
  config: DispatcherConfig;
  nodes: NodeRegistry;
  inFlight: InFlightTracker;
  backoff: NodeBackoff;
  leadership: Leadership;
  pushClient: PushClient;
  metrics: DispatcherMetrics;
  logger: Logger;
}

export { MAX_NOTIFY_IDS };
interface PollOutcome {
  /** due tasks were left behind (batch full, or no node could take them) */
  backlog: boolean;
  /** a full batch was all placed: more may be due, and the nodes may have room for it */
  again: boolean;
  /** when the next idle task comes due before the next poll, in ms */
  nextDueAt?: number;
}

export class DispatchLoop {
  private readonly notified = new NotifiedTasks();
  private readonly pushes = new Set<Promise<void>>();
  private readonly claims = new Set<Promise<void>>();
  /**
   * the poll under way. It runs beside the cycle: its search took 100 ms (p50) to 500 ms (p99)
   * at 92 tasks/s, and notified tasks waited behind it (bench latency scenario, traced)
   */
  private polling: Promise<void> | undefined;
  /** a poll or claim write that failed: the next cycle fails with it and backs off */
  private failure: unknown;
  /** superseded versions, left out of the due-task search (see stale_versions.ts) */
  private readonly stale = new StaleVersions();
  /** notified tasks no node had room for: read again when a node reports a run ended */
  private readonly waiting = new Set<string>();
  /** the last poll left due tasks behind */
  private backlog = false;
  /** due tasks the last poll found and could not place, in its order (see READY_MAX_AGE_MS) */
  private ready: TaskCandidate[] = [];
  private readyAt = 0;
  /** counts reports of ended runs, to tell whether room appeared during a poll */
  private endedReports = 0;
  /** counts node choices, to rotate among equally loaded nodes */
  private readonly rotation = { next: 0 };
  private wakeUp: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private nextPollAt = 0;
  private nodesReadAt = 0;
  private consecutiveErrors = 0;
  private wasLeader = false;
  /** tasks a node refused (409): pushed to another node, or backed off when none can take them */
  private readonly taskBackoff: TaskBackoff;

  constructor(private readonly deps: DispatchLoopDeps) {
    const { backoff_initial_ms, backoff_max_ms } = deps.config.push;
    this.taskBackoff = new TaskBackoff({ initialMs: backoff_initial_ms, maxMs: backoff_max_ms });
  }

  start() {
    this.stopped = false;
    this.running = this.run();
  }

  /** Stops claiming at once; waits for pushes under way (each bounded by the push timeout). */
  async stop() {
    this.stopped = true;
    this.wake();
    await this.running;
    await this.polling;
    await Promise.all([...this.claims]);
    await Promise.all([...this.pushes]);
  }

  /**
   * Tasks that are due now (from `POST /notify`), by id or as just stored: dispatched without
   * waiting for a poll.
   */
  notify(ids: string[], tasks: NotifiedTask[] = []) {
    this.notified.add(ids.slice(0, MAX_NOTIFY_IDS), tasks.slice(0, MAX_NOTIFY_IDS));
    this.wake();
  }

  /**
   * Pushed runs node `nodeId` reports ended: their capacity is free now, so work left waiting
   * for room is dispatched at once rather than at a timer.
   */
  ended(ids: string[], nodeId?: string) {
    const freed = this.deps.inFlight.ended(ids.slice(0, MAX_NOTIFY_IDS), nodeId);
    if (freed === 0) return;
    this.endedReports++;
    // The oldest first, as many as the freed room can take; the rest wait for the next ones.
    let take = freed * WAITING_READ_PER_ENDED_RUN;
    for (const id of this.waiting) {
      if (take-- === 0) break;
      this.waiting.delete(id);
      this.notified.add([id]);
    }
    if (this.backlog) this.nextPollAt = 0;
    this.wake();
  }

  wake() {
    this.wakeUp?.();
  }

  private async run() {
    while (!this.stopped) {
      let delay: number;
      try {
        // A task whose back-off ends before the next poll is read again then, not at the poll.
        delay = Math.min(await this.cycle(), this.taskBackoff.msUntilNextDue());
        if (this.consecutiveErrors > 0) {
          this.deps.logger.info('Elasticsearch reachable again: dispatching resumed', {
            failed_cycles: this.consecutiveErrors,
          });
        }
        this.consecutiveErrors = 0;
      } catch (error) {
        this.consecutiveErrors++;
        delay = backoffDelay(this.consecutiveErrors, {
          initialMs: 100,
          maxMs: Math.max(1000, this.deps.config.poll.interval_ms * 5),
        });
        const log = this.consecutiveErrors === 1 ? this.deps.logger.error : this.deps.logger.warn;
        log(`Dispatch cycle failed, retrying in ${delay} ms`, {
          error: describeError(error),
          failed_cycles: this.consecutiveErrors,
        });
      }
      if (!this.stopped && delay > 0) await this.waitForWake(delay);
    }
  }

  private waitForWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
      if (this.stopped || this.notified.size > 0) done();
    });
  }

  /** One cycle; returns how long to wait before the next, in ms. */
  private async cycle(): Promise<number> {
    const { leadership, config } = this.deps;
    const leader = leadership.isLeader();
    this.deps.metrics.leader.set(leader ? 1 : 0);
    this.deps.metrics.term.set(leadership.term());
    if (leader !== this.wasLeader) this.leadershipChanged(leader);
    this.throwFailure();
    if (!leader) {
      this.notified.clear();
      return Math.min(config.poll.interval_ms, config.lease.renew_interval_ms);
    }

    const now = Date.now();
    if (now - this.nodesReadAt >= config.nodes.refresh_interval_ms) {
      await this.deps.nodes.refresh(now);
      this.nodesReadAt = now;
    }
    const nodes = this.deps.nodes.live();

    this.notified.add(this.taskBackoff.takeDue());
    if (this.notified.size > 0) {
      const candidates = await this.notified.take(this.deps.es, {
        index: config.indices.tasks,
        scope: config.scope,
        // Not the cycle's `now`: a notify that came in during the node refresh above names a
        // task whose runAt is later than that, and it would be dropped until the next poll.
        now: Date.now,
      });
      const { unplaced } = await this.dispatch(candidates, nodes);
      // No room now: read again as soon as a node reports a run ended (or found by a poll).
      for (const { id } of unplaced) if (this.waiting.size < MAX_WAITING) this.waiting.add(id);
    }
    // A poll under way wakes the loop when it ends; notified tasks are dispatched meanwhile.
    if (this.polling) return config.poll.interval_ms;
    if (Date.now() < this.nextPollAt) return this.nextPollAt - Date.now();
    const polling = this.pollAndPlan(nodes)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.polling = undefined;
        this.wake();
      });
    this.polling = polling;
    // After a failure the poll is waited for: the cycle succeeds only once Elasticsearch answers.
    if (this.consecutiveErrors > 0) {
      await polling;
      this.throwFailure();
    }
    return config.poll.interval_ms;
  }

  /** Fails with what a poll or claim under way met since the last cycle (the loop backs off). */
  private throwFailure() {
    if (this.failure === undefined) return;
    const error = this.failure;
    this.failure = undefined;
    throw error;
  }

  /** One poll; sets when the next is due. */
  private async pollAndPlan(nodes: NodeDocument[]) {
    const { poll } = this.deps.config;
    const reports = this.endedReports;
    const { backlog, again, nextDueAt = Infinity } = await this.poll(nodes);
    this.backlog = backlog;
    // Claimed tasks are left out of the search, so the next batch is found at once, without
    // waiting for an index refresh or a timer, while nodes have room (or a run ended meanwhile).
    const atOnce = again || (backlog && this.endedReports !== reports);
    const next = Date.now() + (atOnce ? 0 : backlog ? poll.backlog_interval_ms : poll.interval_ms);
    this.nextPollAt = Math.min(next, nextDueAt);
  }

  private leadershipChanged(leader: boolean) {
    this.wasLeader = leader;
    // A new term starts from what Elasticsearch shows, not from an earlier term's memory.
    this.deps.inFlight.reset();
    this.waiting.clear();
    this.ready = [];
    this.backlog = false;
    this.taskBackoff.clear();
    this.nextPollAt = 0;
    this.nodesReadAt = 0;
    this.deps.logger.info(leader ? 'Leading: dispatching' : 'Standing by', {
      term: this.deps.leadership.term(),
    });
  }

  private async poll(nodes: NodeDocument[]): Promise<PollOutcome> {
    const { config, es, inFlight } = this.deps;
    const now = Date.now();
    await inFlight.refresh(nodes, now);
    this.deps.metrics.setInFlight(inFlight.perNode());

    const known = new Set(nodes.flatMap((node) => Object.keys(node.task_types)));
    const openTypes = () =>
      [...known].filter(
        (type) =>
          underClusterConcurrency(type, nodes, inFlight.current()) &&
          nodes.some((node) => nodeHasRoom(node, type, inFlight.current()))
      );
    let open = openTypes();
    if (now - this.readyAt > READY_MAX_AGE_MS) this.ready = [];
    // Again while room freed during the claim: runs end while it is written.
    while (this.ready.length > 0 && open.length > 0) {
      const { unplaced, placed } = await this.dispatch(this.ready, nodes);
      this.ready = unplaced;
      open = openTypes();
      if (placed === 0) break; // the room is for other types: the search finds them
    }
    // What is left waits for the room the next ended run frees: no search would place more now.
    if (this.ready.length > 0 && open.length === 0) return { backlog: true, again: false };
    this.ready = [];
    const query = { index: config.indices.tasks, scope: config.scope, now };
    if (open.length === 0) {
      // Nothing can be placed: only find out whether work waits, to look again soon.
      const waiting = await findDueTasks(es, { ...query, types: [...known], size: 1 });
      return { backlog: waiting.length > 0, again: false };
    }
    const backedOff = this.taskBackoff.backedOff(now);
    const candidates = await findDueTasks(es, {
      ...query,
      types: open,
      size: config.poll.batch_size,
      // What this dispatcher claimed still looks idle until the next refresh: left out here,
      // it cannot fill the batch, so one batch per refresh is no ceiling.
      exclude: [
        ...this.stale.exclusion(now),
        ...(backedOff.length > 0 ? [{ ids: { values: backedOff.map(taskDocId) } }] : []),
      ],
    });
    const { unplaced, placed } = await this.dispatch(candidates, nodes);
    this.ready = unplaced;
    this.readyAt = now;
    const full = candidates.length >= config.poll.batch_size;
    const backlog = unplaced.length > 0 || full;
    const until = now + config.poll.interval_ms;
    const nextDueAt = backlog
      ? undefined
      : await findNextRunAt(es, { ...query, types: open, until });
    return { backlog, again: full && placed > 0 && unplaced.length === 0, nextDueAt };
  }

  /**
   * Places what the nodes can take, in the candidates' order, and sends its claim (answered
   * later: see MAX_CLAIMS_IN_FLIGHT); sweeps exhausted claims. Tasks whose claim is under way
   * are left out.
   */
  private async dispatch(
    candidates: TaskCandidate[],
    nodes: NodeDocument[]
  ): Promise<{ unplaced: TaskCandidate[]; placed: number }> {
    const { config, inFlight } = this.deps;
    while (this.claims.size >= MAX_CLAIMS_IN_FLIGHT) await Promise.race(this.claims);
    const now = Date.now();
    const { requests, pushUrls, exhausted, unplaced } = placeCandidates(
      { ...this.deps, stale: this.stale, taskBackoff: this.taskBackoff },
      candidates.filter(({ id }) => !inFlight.isClaiming(id)),
      nodes,
      inFlight.current().clone(),
      this.rotation,
      now
    );
    // Placed and counted in one step, with no await between: the poll and the notified tasks
    // are placed concurrently, and neither may take room the other placed.
    const leading = this.deps.leadership.isLeader() && !this.stopped;
    if (leading)
      for (const { candidate, nodeId, cost } of requests)
        inFlight.claiming(candidate.id, { nodeId, type: candidate.task.taskType, cost });
    await Promise.all(
      exhausted.map(({ candidate, maxAttempts }) =>
        settleExpiredTask(this.deps, candidate, {
          tasksIndex: config.indices.tasks,
          trackingIndex: config.indices.tracking,
          maxAttempts,
          pollInterval: config.poll.interval_ms,
        })
      )
    );
    if (requests.length === 0) return { unplaced, placed: 0 };
    // The last moment to check: past it, a standby may already have taken the lease.
    if (!leading || !this.deps.leadership.isLeader() || this.stopped) {
      for (const { candidate } of requests) inFlight.notClaimed(candidate.id);
      return { unplaced, placed: 0 };
    }
    const claim = this.claim(requests, pushUrls, now);
    this.claims.add(claim);
    void claim.finally(() => this.claims.delete(claim));
    return { unplaced, placed: requests.length };
  }

  /** Writes the claims and pushes each one that holds; what was not claimed frees its room. */
  private async claim(requests: ClaimRequest[], pushUrls: Map<string, string>, now: number) {
    const outcome = await claimAndPush(
      {
        ...this.deps,
        stale: this.stale,
        taskBackoff: this.taskBackoff,
        readAgain: (id) => this.notify([id]),
        track: (push) => this.track(push),
      },
      requests,
      pushUrls,
      now
    );
    if (outcome.kind === 'all_claimed') return;
    if (outcome.kind === 'failed') this.failure ??= outcome.error;
    else if (this.backlog) this.nextPollAt = 0; // the room the others held is free again
    this.wake();
  }

  private track(push: Promise<void>) {
    this.pushes.add(push);
    void push.finally(() => this.pushes.delete(push));
  }
}
