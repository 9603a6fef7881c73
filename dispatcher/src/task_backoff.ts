// The back-off per task: a push a node refused with 409 (e.g. an earlier run of the task still
// runs there) is released at once and the task waits a growing while, alone: the node is fine.
import { backoffDelay, type BackoffOptions } from './backoff_delay';

interface TaskRefusals {
  refusals: number;
  /** not dispatched before this time, in ms since the epoch */
  until: number;
  /** whether the loop was already told to read the task again at `until` */
  due: boolean;
}

/**
 * How long a refusal is remembered after its back-off ended, in ms: a task refused again
 * within it waits longer; later, it starts from the first delay again.
 */
const MEMORY_MS = 60_000;

export class TaskBackoff {
  private readonly tasks = new Map<string, TaskRefusals>();

  constructor(private readonly options: BackoffOptions) {}

  /** Records a refused push; returns how long the task is now backed off, in ms. */
  refused(taskId: string, now = Date.now()): number {
    const refusals = (this.tasks.get(taskId)?.refusals ?? 0) + 1;
    const delay = backoffDelay(refusals, this.options);
    this.tasks.set(taskId, { refusals, until: now + delay, due: false });
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
