// The circuit breaker per node: a failed push backs the node off for a growing while, so the
// released task goes elsewhere; an accepted push closes the breaker again.
import { backoffDelay, type BackoffOptions } from './backoff_delay';

interface NodeFailures {
  failures: number;
  until: number;
  /** when the last failure that counted was recorded */
  since: number;
}

export class NodeBackoff {
  private readonly nodes = new Map<string, NodeFailures>();

  constructor(private readonly options: BackoffOptions) {}

  /**
   * Records a failed push sent at `sentAt`; returns how long the node is now backed off, in ms.
   * A push sent before the last failure was recorded failed in the same episode (pushes in
   * flight together, e.g. a backlog placed at once after an outage): it does not count again,
   * or ten refusals of one burst would back a healthy node off for the maximum at once.
   */
  failure(nodeId: string, now = Date.now(), atLeastMs = 0, sentAt = now): number {
    const state = this.nodes.get(nodeId);
    if (state && sentAt < state.since) {
      state.until = Math.max(state.until, now + atLeastMs);
      return state.until - now;
    }
    const failures = (state?.failures ?? 0) + 1;
    const delay = Math.max(atLeastMs, backoffDelay(failures, this.options));
    this.nodes.set(nodeId, { failures, until: now + delay, since: now });
    return delay;
  }

  success(nodeId: string) {
    this.nodes.delete(nodeId);
  }

  isBackedOff(nodeId: string, now = Date.now()): boolean {
    const state = this.nodes.get(nodeId);
    return state !== undefined && state.until > now;
  }

  /** Backed-off node ids with the time they are usable again (for /health). */
  snapshot(now = Date.now()): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [id, state] of this.nodes) {
      if (state.until > now) out[id] = new Date(state.until).toISOString();
    }
    return out;
  }
}
