// The tasks running on this node and the capacity they use, in cost units (normal task = 2).
import { TaskCost } from '@kbn/task-manager-plugin/server';
import type { TaskDefinition } from '@kbn/task-manager-plugin/server/task';

/** A run in progress, as the pool sees it. */
export interface PooledRun {
  /** the task id (an ephemeral run's generated id when it has none) */
  id: string;
  taskType: string;
  cost: number;
  /** aborts the run: on timeout and on stop */
  abortController: AbortController;
  /** settles when the run and its finishing write are over */
  done: Promise<void>;
}

export class TaskPool {
  private readonly runs = new Map<string, PooledRun>();
  /** capacity in cost units */
  public readonly capacity: number;

  /** @param capacity - how many normal-cost tasks may run at once (the `capacity` setting) */
  constructor(capacity: number) {
    this.capacity = capacity * TaskCost.Normal;
  }

  public get size(): number {
    return this.runs.size;
  }

  public has(id: string): boolean {
    return this.runs.has(id);
  }

  public usedCapacity(): number {
    let used = 0;
    for (const run of this.runs.values()) used += run.cost;
    return used;
  }

  /** Percentage of the capacity in use, 0..100. */
  public usedCapacityPercentage(): number {
    return Math.round((this.usedCapacity() * 100) / this.capacity);
  }

  /**
   * Free capacity in cost units; for a type with `maxConcurrency`, no more than what that
   * type may still use (maxConcurrency × cost, minus its runs in progress).
   */
  public availableCapacity(definition?: TaskDefinition): number {
    const free = this.capacity - this.usedCapacity();
    if (definition?.maxConcurrency == null) return free;
    let usedByType = 0;
    for (const run of this.runs.values()) {
      if (run.taskType === definition.type) usedByType += run.cost;
    }
    return Math.max(0, Math.min(free, definition.maxConcurrency * definition.cost - usedByType));
  }

  /** Adds a run; it leaves the pool when its `done` settles. */
  public add(run: PooledRun): void {
    this.runs.set(run.id, run);
    void run.done.finally(() => {
      if (this.runs.get(run.id) === run) this.runs.delete(run.id);
    });
  }

  /** Aborts every run in progress with `reason`. */
  public abortAll(reason: Error): void {
    for (const run of this.runs.values()) run.abortController.abort(reason);
  }

  /** Settles when every run in progress has. */
  public async drain(): Promise<void> {
    await Promise.allSettled([...this.runs.values()].map((run) => run.done));
  }
}
