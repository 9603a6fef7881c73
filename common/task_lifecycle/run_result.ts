// A runner's return value or throw as a run result, the input of the finish transition.
import type {
  ConcreteTaskInstance,
  FailedRunResult,
  RunResult,
} from '@kbn/task-manager-plugin/server/task';

/** A runner's return value (or nothing) as a run result. */
export function normalizeRunResult(value: RunResult | void | undefined | null): RunResult {
  return value ?? { state: {} };
}

/** The failed run result for a runner that threw `error`: the task's state is kept. */
export function runErrorToResult(task: ConcreteTaskInstance, error: unknown): FailedRunResult {
  const normalized = error instanceof Error ? error : new Error(String(error));
  return { error: normalized, state: task.state };
}

export function isFailedRunResult(result: RunResult): result is FailedRunResult {
  return Boolean((result as FailedRunResult).error);
}
