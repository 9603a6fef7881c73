// Runs one task instance: builds its RunContext, aborts it at its timeout, and writes how it ended.
import type { KibanaRequest, Logger } from '@kbn/core/server';
import type {
  CancellableTask,
  ConcreteTaskInstance,
  RunResult,
  TaskDefinition,
} from '@kbn/task-manager-plugin/server/task';
import {
  fenceOfVersion,
  finishWrite,
  normalizeRunResult,
  runErrorToResult,
} from '../../../../common/task_lifecycle';
import type { FinishOutcome } from '../../../../common/task_lifecycle';
import { TaskRunAbortReason } from '../../../../common/task_run_abort_reason';
import { getTimeout, parseIntervalAsMillisecond } from '../../../../common/task_schedule';
import { isTaskConflictError, isTaskNotFoundError, toError } from '../errors';
import { latestStateVersion, migrateTaskState } from '../lib/task_state';
import type { TaskStore } from '../task_store';

export interface ExecuteOptions {
  definition: TaskDefinition;
  abortController: AbortController;
  fakeRequest?: KibanaRequest;
  logger: Logger;
  /**
   * Whether the run is aborted when the type's timeout passes; false when the caller owns the
   * run's timeout (a pushed run). @defaultValue true
   */
  timesOut?: boolean;
}

export interface Execution {
  result: RunResult;
  /** the runner object, for its `cleanup` once the task is removed */
  runner?: CancellableTask<ConcreteTaskInstance>;
  /** whether the run was aborted (timeout or stop) */
  aborted: boolean;
}

/**
 * Runs the registered runner of `task`. A throw becomes a failed result; the abort controller
 * fires (and the runner's `cancel` is called) when the type's timeout passes.
 */
export async function executeTask(
  task: ConcreteTaskInstance,
  { definition, abortController, fakeRequest, logger, timesOut = true }: ExecuteOptions
): Promise<Execution> {
  const migrated = migrateTaskState(task, definition, logger);
  // The runner never sees credentials or the scope they were made from.
  const { apiKey: _apiKey, userScope: _userScope, ...taskInstance } = migrated;
  let runner: CancellableTask<ConcreteTaskInstance> | undefined;
  const timeout = getTimeout(task, definition);
  const onTimeout = () => {
    logger.warn(`Cancelling task ${task.taskType} "${task.id}" as it expired after ${timeout}`);
    abortController.abort(TaskRunAbortReason.timeout(`${task.taskType} "${task.id}"`, timeout));
    runner?.cancel?.().catch((caught: unknown) => {
      logger.error(`Cancelling task "${task.id}" failed: ${toError(caught).message}`);
    });
  };
  const timer = timesOut ? setTimeout(onTimeout, parseIntervalAsMillisecond(timeout)) : undefined;
  try {
    runner = definition.createTaskRunner({
      taskInstance: taskInstance as ConcreteTaskInstance,
      fakeRequest,
      abortController,
    });
    const value = await runner.run();
    return { result: normalizeRunResult(value), runner, aborted: abortController.signal.aborted };
  } catch (caught) {
    const error = toError(caught);
    logger.error(`Task ${task.taskType} "${task.id}" failed: ${error.message}`, {
      tags: [task.taskType, task.id, 'task-run-failed'],
    });
    return {
      result: runErrorToResult(migrated, error),
      runner,
      aborted: abortController.signal.aborted,
    };
  } finally {
    clearTimeout(timer);
  }
}

export interface FinishOptions {
  store: TaskStore;
  definition: TaskDefinition | undefined;
  defaultMaxAttempts: number;
  pollInterval: number;
  logger: Logger;
  runner?: CancellableTask<ConcreteTaskInstance>;
  /** @defaultValue the time the run ended */
  now?: Date;
}

/**
 * Writes the end of a run of claimed `task`, fenced by the version it was claimed with: a
 * document changed meanwhile (claimed by someone else, removed, updated) is not overwritten.
 */
export async function finishTask(
  task: ConcreteTaskInstance,
  result: RunResult,
  { store, definition, defaultMaxAttempts, pollInterval, logger, runner, now }: FinishOptions
): Promise<FinishOutcome> {
  const { outcome, write } = finishWrite(task, result, {
    fence: fenceOfVersion(task.version!),
    definition,
    defaultMaxAttempts,
    pollInterval,
    stateVersion: latestStateVersion(definition),
    now: now ?? new Date(),
  });
  const label = `${task.taskType} "${task.id}"`;
  try {
    if (write) await store.write(write);
    if (outcome === 'removed') {
      await runner?.cleanup?.().catch((caught: unknown) => {
        logger.error(`Cleanup of task ${label} failed: ${toError(caught).message}`);
      });
    }
    if (outcome === 'failed') {
      logger.warn(`Task ${label} failed after ${task.attempts} attempt(s) and will not be retried`);
    }
  } catch (caught) {
    if (isTaskConflictError(caught) || isTaskNotFoundError(caught)) {
      logger.warn(`Task ${label} changed while it ran (claim lost); its result is not written`);
    } else {
      logger.error(`Writing the result of task ${label} failed: ${toError(caught).message}`);
    }
  }
  return outcome;
}
