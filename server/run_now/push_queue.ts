// Pushed tasks a full node has accepted and starts, in arrival order, as its runs end
// (`push.queue_capacity`). The dispatcher's claim and push of a node's next task then overlap
// the run before it, instead of following its end: the slot a run frees is filled at once.
import type { RunNowRequestBody } from '../../common/push/push_protocol';
import type { VersionedTrackingDocument } from '../storage/tracking_store';
import type { AdmitRequest } from './capacity_tracker';
import type { VerifiedClaim } from './verify_claim';

export interface QueuedRun {
  /** the push */
  body: RunNowRequestBody;
  /** when it was queued (epoch ms) */
  queuedAt: number;
  /** the claim, verified when the push was accepted */
  claim: VerifiedClaim;
  /** the tracking document read with the claim */
  tracking?: VersionedTrackingDocument;
  /** what the run asks of the capacity tracker when it starts */
  request: AdmitRequest;
}

export class PushQueue {
  /** by task id; a Map iterates in insertion order, so the oldest comes first */
  private readonly waiting = new Map<string, QueuedRun>();
  private cost = 0;

  /** @param capacity - cost units of runs that may wait at once; 0 queues nothing */
  constructor(private readonly capacity: number) {}

  /** Queues the run when there is room for its cost and the task is not waiting already. */
  public offer(run: QueuedRun): boolean {
    const { id, cost } = run.request;
    if (this.waiting.has(id) || this.cost + cost > this.capacity) return false;
    this.waiting.set(id, run);
    this.cost += cost;
    return true;
  }

  public get(id: string): QueuedRun | undefined {
    return this.waiting.get(id);
  }

  public ids(): string[] {
    return [...this.waiting.keys()];
  }

  /**
   * Hands the waiting runs, oldest first, to `start` until it answers false (no room yet); each
   * one it takes (answers true for) leaves the queue.
   */
  public drain(start: (run: QueuedRun) => boolean): void {
    for (const run of this.waiting.values()) {
      if (!start(run)) return;
      this.remove(run.request.id);
    }
  }

  /** Empties the queue (the node stops); returns what waited. */
  public takeAll(): QueuedRun[] {
    const runs = [...this.waiting.values()];
    this.waiting.clear();
    this.cost = 0;
    return runs;
  }

  private remove(id: string): void {
    const run = this.waiting.get(id);
    if (!run) return;
    this.waiting.delete(id);
    this.cost -= run.request.cost;
  }
}
