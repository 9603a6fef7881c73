// Wraps a runner so a user's cancel aborts it, and its outcome lands in the tracking document.
import type { Logger } from '@kbn/core/server';
import type { RunContext } from '@kbn/task-manager-plugin/server';
import type { RunFunction, RunResult } from '@kbn/task-manager-plugin/server/task';
import { DEFAULT_SPACE_ID } from '../common/default_space_id';
import { BackgroundTaskStatus as S } from '../common';
import { TaskRunAbortReason, isTaskRunAbortReason } from '../common/task_run_abort_reason';
import { tryGetNextRunAt } from '../common/task_schedule';
import type { CancellationWatcher } from './cancellation_watcher';
import { toError } from './lib/to_error';
import { withTransientRetry } from './lib/with_transient_retry';
import type { TaskClient } from './task_client';
import type { BackgroundTaskProgress, BackgroundTaskRunResult, TrackingReference } from './types';

/** What `cancellableTask` needs from the node: the watcher and tracking-document access. */
export interface CancellableTaskContext {
  logger: Logger;
  cancellationWatcher: CancellationWatcher;
  /** an internal TaskClient for the tracking document's space */
  getTaskClient: (space: string) => TaskClient;
  /**
   * How long a tracking write keeps being retried while Elasticsearch is unreachable, in ms,
   * for a run nothing vouches for (pull mode: past its claim, Task Manager may run it again).
   * @defaultValue 60000
   */
  recordRetryMs?: number;
  /**
   * The push node's promise to keep this run from being re-run while its outcome is written
   * (true when the node ran it from a push); its outcome writes then wait out any outage.
   */
  vouchForOutcome?: (taskId: string) => boolean;
}

/** The runner being wrapped. */
export type CancellableRun = (helpers: {
  signal: AbortSignal;
  reportProgress: (progress?: BackgroundTaskProgress) => void;
}) => Promise<BackgroundTaskRunResult<unknown, object> | void>;

/**
 * What is read here of any Kibana's RunContext: Kibana 9.3 passes `abortController`; main
 * (2026) passes `signal` instead (with `executionUuid` and more, unused here).
 */
type AnyRunContext = Pick<RunContext, 'taskInstance'> &
  ({ abortController: AbortController } | { signal: AbortSignal });

type Settled =
  | { kind: 'completed'; result: BackgroundTaskRunResult<unknown, object> | void }
  | { kind: 'failed'; error: Error; shutdown: boolean }
  | { kind: 'canceled' };

export function readTrackingReference(runContext: AnyRunContext): TrackingReference {
  const { taskInstance } = runContext;
  const ref = (taskInstance.params as { _task?: Partial<TrackingReference> } | undefined)?._task;
  return {
    id: ref?.id ?? taskInstance.id,
    type: ref?.type ?? taskInstance.taskType,
    space: ref?.space ?? DEFAULT_SPACE_ID,
  };
}

/**
 * Returns Task Manager's `run`: it marks the run started (or skips it when canceled before
 * it started), watches for cancellation through the node's single watcher, and writes the
 * final status exactly once: `canceled` as soon as a cancel is noticed (it does not wait for
 * a runner that ignores the signal), else `completed` with the payload, else `failed` with
 * the error, which is then rethrown so Task Manager sees the failure. A failure caused by a
 * graceful shutdown's abort writes nothing: the task stays `in_progress` (it re-runs elsewhere).
 */
export function cancellableTask(
  run: CancellableRun,
  runContext: AnyRunContext,
  taskContext: CancellableTaskContext
): RunFunction {
  return async (): Promise<RunResult | undefined> => {
    const { logger } = taskContext;
    const ref = readTrackingReference(runContext);
    const taskClient = taskContext.getTaskClient(ref.space);
    const { state } = runContext.taskInstance;
    const recurring = Boolean(runContext.taskInstance.schedule);
    // A recurring task whose schedule has no next run (a document no route would accept) ends
    // here: its tracking document fails with the reason the finish fails its Task Manager
    // document with (see `finishWrite`), instead of staying in_progress for a run never coming.
    const next = recurring ? tryGetNextRunAt(runContext.taskInstance) : undefined;
    const noNextRun = next && 'error' in next ? next.error : undefined;

    // Writes to the tracking index failing is infrastructure, never the task's fault: logged
    // apart from task failures, then rethrown so Task Manager retries or records the attempt.
    // Only an outcome is worth waiting for: a start that cannot be recorded fails at once, so
    // the claim goes back and the task runs when Elasticsearch is back.
    const record = async <T>(what: string, write: () => Promise<T>, retry = true): Promise<T> => {
      const vouched = retry && (taskContext.vouchForOutcome?.(ref.id) ?? false);
      const budgetMs = vouched ? Number.POSITIVE_INFINITY : (taskContext.recordRetryMs ?? 60_000);
      try {
        return await withTransientRetry(write, retry ? budgetMs : 0);
      } catch (caught) {
        const error = toError(caught);
        logger.error(`Could not record ${what} of task [${ref.id}]: ${error.message}`, {
          tags: ['infrastructure'],
        });
        throw error;
      }
    };

    const runStartedAt = await record('the start', () => taskClient.startRun(ref.id), false);
    if (!runStartedAt) {
      logger.debug(`Task [${ref.id}] was canceled or deleted before it started`);
      return { state, shouldDeleteTask: true };
    }
    // This run's outcome goes on this run only: a re-scheduled task's newer run is left alone.
    const thisRun = { runStartedAt };

    const settled = await runWatched(run, runContext, taskContext, ref.id);
    switch (settled.kind) {
      case 'canceled':
        await record('the cancellation', () => taskClient.markCanceled(ref.id, thisRun));
        logger.debug(`Task [${ref.id}] canceled`);
        return { state, shouldDeleteTask: true };
      case 'completed': {
        const { payload, state: nextState } = settled.result ?? {};
        const ended = await record('the completion', () =>
          noNextRun
            ? taskClient.fail(ref.id, noNextRun, thisRun)
            : taskClient.complete(ref.id, payload, { ...thisRun, recurring })
        );
        if (ended === S.Canceled) return { state, shouldDeleteTask: true };
        return { state: (nextState ?? state) as Record<string, unknown> };
      }
      case 'failed': {
        if (settled.shutdown) {
          logger.debug(`Task [${ref.id}] stopped by a shutdown: left in progress to run again`);
          throw settled.error;
        }
        // The task's own code failed: a task failure, not an infrastructure error.
        logger.warn(`Task [${ref.id}] (${ref.type}) failed: ${settled.error.message}`, {
          tags: ['task-failure'],
        });
        const ended = await record('the failure', () =>
          noNextRun
            ? taskClient.fail(ref.id, `${withCauses(settled.error)}; ${noNextRun}`, thisRun)
            : taskClient.fail(ref.id, withCauses(settled.error), { ...thisRun, recurring })
        );
        if (ended === S.Canceled) return { state, shouldDeleteTask: true };
        throw settled.error;
      }
    }
  };
}

/** The most causes an error's text follows: a cycle or a deep chain stops there. */
const MAX_CAUSES = 5;

/**
 * The message of a failure with the messages of its causes (`Error.cause`, as Node and
 * Elasticsearch's client set it), so the tracking document says why, not only what.
 */
export function withCauses(error: Error): string {
  const parts = [error.message];
  let cause: unknown = error.cause;
  for (let depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
    parts.push(`caused by: ${cause instanceof Error ? cause.message : String(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return parts.join('; ');
}

/**
 * The run's one AbortController. Kibana 9.3 passes Task Manager's, which its timeout and the
 * node's shutdown abort too, so a cancel aborts that same controller. Later Kibana passes only
 * a `signal`: a cancel then needs a controller of its own, which follows that signal.
 */
function runAbortController(runContext: AnyRunContext): {
  controller: AbortController;
  detach: () => void;
} {
  if ('abortController' in runContext) {
    return { controller: runContext.abortController, detach: () => undefined };
  }
  const { signal } = runContext;
  const controller = new AbortController();
  const follow = () => controller.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  return { controller, detach: () => signal.removeEventListener('abort', follow) };
}

/** Runs the runner until it settles or a cancel is noticed; never rejects; leaves no timer. */
async function runWatched(
  run: CancellableRun,
  runContext: AnyRunContext,
  { cancellationWatcher }: CancellableTaskContext,
  id: string
): Promise<Settled> {
  const { controller, detach } = runAbortController(runContext);
  const { signal } = controller;

  let userCanceled = false;
  let onCanceled: (settled: Settled) => void = () => undefined;
  const canceled = new Promise<Settled>((resolve) => (onCanceled = resolve));
  const watch = cancellationWatcher.watch(id, () => {
    userCanceled = true;
    controller.abort(TaskRunAbortReason.canceled());
    onCanceled({ kind: 'canceled' });
  });

  const ran = Promise.resolve()
    .then(() => run({ signal, reportProgress: watch.reportProgress }))
    .then(
      (result): Settled => ({ kind: 'completed', result }),
      // A runner that throws because it was aborted by a cancel was canceled, not failed.
      (caught: unknown): Settled => {
        if (userCanceled) return { kind: 'canceled' };
        const shutdown =
          isTaskRunAbortReason(caught, 'shutdown') ||
          isTaskRunAbortReason(signal.reason, 'shutdown');
        return { kind: 'failed', error: toError(caught), shutdown };
      }
    );
  try {
    return await Promise.race([ran, canceled]);
  } finally {
    watch.stop();
    detach();
  }
}
