// The memory per task of the nodes that refused its push with 409 (e.g. an earlier run of the
// task still runs there): it goes to another node at once; only when none but those can take
// it does it wait a growing while, alone (the node is fine), before it goes back to one.
import { backoffDelay, type BackoffOptions } from './backoff_delay';

interface TaskRefusals {
  /** ids of the nodes that refused the task: another node gets it while one can take it */
  nodes: Set<string>;
  /** back-offs so far: each one waits longer */
  backoffs: number;
  /** not dispatched before this time, in ms since the epoch */
  until: number;
  /** backed off since the last refusal: once that ended, a node that refused may have it again */
  waited: boolean;
  /** whether the loop was already told to read the task again at `until` */
  due: boolean;
}

/**
 * How long a refusal is remembered after its back-off ended (or, not backed off, after it came),
 * in ms: a task refused again within it avoids the same nodes and waits longer; later, it
 * starts afresh.
 */
const MEMORY_MS = 60_000;

const NONE: ReadonlySet<string> = new Set();

export class TaskBackoff {
  private readonly tasks = new Map<string, TaskRefusals>();

  constructor(private readonly options: BackoffOptions) {}

  /**
   * Records a refused push. The task is not backed off: its release reads it again at once, for
   * another node (see `refusedBy`), or for `backOff` when only refusing nodes can take it.
   */
  refused(taskId: string, nodeId: string, now = Date.now()) {
    const state = this.tasks.get(taskId);
    const nodes = new Set(state?.nodes).add(nodeId);
    const backoffs = state?.backoffs ?? 0;
    // `due`: the release reads it again, not `takeDue`, which could read it while still claimed.
    this.tasks.set(taskId, { nodes, backoffs, until: now, waited: false, due: true });
  }

  /** The nodes that refused the task (while it is remembered): left out if another can take it. */
  refusedBy(taskId: string): ReadonlySet<string> {
    return this.tasks.get(taskId)?.nodes ?? NONE;
  }

  /**
   * Only nodes that refused the task can take it: it waits a growing while before it goes back
   * to one, once per refusal, or the same refusal would come straight back. Returns the wait in
   * ms; 0 when the task already waited since its last refusal (push it).
   */
  backOff(taskId: string, now = Date.now()): number {
    const state = this.tasks.get(taskId);
    if (!state || state.waited) return 0;
    state.backoffs++;
    const delay = backoffDelay(state.backoffs, this.options);
    state.until = now + delay;
    state.waited = true;
    state.due = false;
    return delay;
  }

  /** An accepted push: the task starts afresh. */
  accepted(taskId: string) {
    this.tasks.delete(taskId);
  }

  isBackedOff(taskId: string, now = Date.now()): boolean {
    const state = this.tasks.get(taskId);
    return state !== undefined && state.until > now;
  }

  /** Tasks backed off now: the due-task search leaves them out (they are read again when due). */
  backedOff(now = Date.now()): string[] {
    const ids: string[] = [];
    for (const [id, state] of this.tasks) if (state.until > now) ids.push(id);
    return ids;
  }

  /**
   * Tasks whose back-off has just ended, each returned once, to be read again at once (a
   * realtime read, as a notify): the poll could be seconds away. Forgets old refusals.
   */
  takeDue(now = Date.now()): string[] {
    const due: string[] = [];
    for (const [id, state] of this.tasks) {
      if (state.until + MEMORY_MS <= now) this.tasks.delete(id);
      else if (!state.due && state.until <= now) {
        state.due = true;
        due.push(id);
      }
    }
    return due;
  }

  /** ms until the next back-off ends (0 when one has; Infinity when none waits). */
  msUntilNextDue(now = Date.now()): number {
    let next = Infinity;
    for (const state of this.tasks.values()) {
      if (!state.due) next = Math.min(next, Math.max(0, state.until - now));
    }
    return next;
  }

  /** A new term starts from what Elasticsearch shows. */
  clear() {
    this.tasks.clear();
  }
}
