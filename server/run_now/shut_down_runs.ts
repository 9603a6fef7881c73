// The graceful stop of pushed runs: abort them all, wait a bounded time, release what is left.
import { TaskRunAbortReason } from '../../common/task_run_abort_reason';

export interface StoppableRun {
  abortController: AbortController;
  shutdown: boolean;
  /** settles when the run and its finishing write are over */
  done: Promise<void>;
}

/**
 * A runner that ignores its signal must not hold the stop forever: after `timeoutMs` its claim
 * is released anyway; when it ends later, its finish loses the fence and writes nothing.
 */
export async function shutDownRuns<R extends StoppableRun>(
  runs: R[],
  timeoutMs: number,
  isRunning: (run: R) => boolean,
  release: (run: R) => Promise<void>
): Promise<void> {
  for (const run of runs) {
    run.shutdown = true;
    run.abortController.abort(TaskRunAbortReason.shutdown());
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.allSettled(runs.map((run) => run.done)),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
  await Promise.allSettled(runs.filter(isRunning).map(release));
}
