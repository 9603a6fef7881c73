// Accounts the cost of the pushed tasks running on this node, and each type's concurrency.

/** Why a run could not be admitted. */
export type AdmitRefusal = 'already_running' | 'full' | 'type_full';

export interface AdmitRequest {
  id: string;
  type: string;
  /** cost units of one run of the type (Task Manager's TaskCost) */
  cost: number;
  /** the type's `maxConcurrency`: at most this many runs of it at once on this node; absent = no limit */
  maxConcurrency?: number;
}

/**
 * Synchronous on purpose: admission is decided in one tick, so two pushes arriving together
 * can never both take the last slot, nor both start the same task.
 */
export class CapacityTracker {
  private readonly running = new Map<string, AdmitRequest>();

  /** @param capacity - cost units this node runs at once */
  constructor(private limit: number) {}

  public get capacity(): number {
    return this.limit;
  }

  /** Lowers the capacity (never raises it); true when it changed. */
  public lower(capacity: number): boolean {
    if (capacity >= this.limit) return false;
    this.limit = capacity;
    return true;
  }

  public get used(): number {
    let used = 0;
    for (const run of this.running.values()) used += run.cost;
    return used;
  }

  public has(id: string): boolean {
    return this.running.has(id);
  }

  /** Takes the slot, or says why not. */
  public admit(request: AdmitRequest): AdmitRefusal | undefined {
    if (this.running.has(request.id)) return 'already_running';
    if (this.used + request.cost > this.limit) return 'full';
    if (request.maxConcurrency != null) {
      let ofType = 0;
      for (const run of this.running.values()) if (run.type === request.type) ofType++;
      if (ofType >= request.maxConcurrency) return 'type_full';
    }
    this.running.set(request.id, request);
    return undefined;
  }

  public release(id: string): void {
    this.running.delete(id);
  }
}
