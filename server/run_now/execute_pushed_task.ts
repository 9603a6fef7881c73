// Runs one admitted push to its end: the run, then its finish (or the release of its claim).
import type {
  ElasticsearchClient,
  IBasePath,
  Logger,
  SecurityServiceStart,
} from '@kbn/core/server';
import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import type { TaskWriteClient } from '../../common/task_lifecycle/write_task';
import type { RegisteredTaskType } from '../types';
import { buildFakeRequest, getDecryptedApiKey, invalidateTaskApiKey } from './build_fake_request';
import { finishTask } from './finish_task';
import { releaseClaim } from './release_claim';
import { invokeTaskRunner } from './invoke_task_runner';
import type { VerifiedClaim } from './verify_claim';

/** A pushed run in progress on this node. */
export interface PushedRun {
  claim: VerifiedClaim;
  registered: RegisteredTaskType;
  abortController: AbortController;
  /** set when a stop aborted the run: a failure is then released, not counted */
  shutdown: boolean;
  /** the claim was given back; nothing else may be written for this run */
  released: boolean;
  /** called once the run itself has ended, before its finish or release is written */
  onRunEnded?: () => void;
  /** called when Task Manager refused to start the run for lack of room */
  onRefusedForRoom?: () => void;
  /**
   * when the run's work ended, if it then began writing its outcome (which may wait out an
   * outage): the finish judges the timeout on it
   */
  workEndedAt?: Date;
}

export interface ExecuteDeps {
  esClient: ElasticsearchClient;
  /** writes to task documents, batched with other runs' (see BufferedWriter) */
  taskWriter: TaskWriteClient;
  taskManager: TaskManagerStartContract;
  basePath: IBasePath;
  /** `core.security`: a removed task's API key is invalidated through it */
  security?: SecurityServiceStart;
  taskIndex: string;
  defaultMaxAttempts: number;
  logger: Logger;
}

/**
 * Gives the claim back once, fenced by the pushed claim's version; a claim changed since (e.g.
 * after the shutdown timeout, by a newer owner) is left alone.
 */
export async function releasePushedRun(run: PushedRun, deps: ExecuteDeps): Promise<void> {
  if (run.released) return;
  run.released = true;
  const result = await releaseClaim(run.claim, { writer: deps.taskWriter, index: deps.taskIndex });
  deps.logger.debug(
    `Claim of task [${run.claim.task.id}] ${result === 'released' ? 'released' : 'had changed: left alone'}`
  );
}

/**
 * Success is finished even during a stop (the work is done); a failure caused by the stop's
 * abort, or Task Manager refusing the run for lack of room, releases the claim instead, so the
 * dispatcher re-dispatches it at once without counting an attempt.
 */
export async function executePushedTask(run: PushedRun, deps: ExecuteDeps): Promise<void> {
  const { task } = run.claim;
  const { taskDefinition } = run.registered;
  let apiKey: string | undefined;
  try {
    apiKey = await getDecryptedApiKey(task, deps.taskManager);
  } catch (caught) {
    // Without its key the run cannot act as its user: released, the dispatcher retries it.
    deps.logger.warn(`The API key of task [${task.id}] could not be read: ${String(caught)}`);
    run.onRunEnded?.();
    return releasePushedRun(run, deps);
  }
  if (run.shutdown) {
    // Stopped before it began (the node stops while the run's start was being decided).
    run.onRunEnded?.();
    return releasePushedRun(run, deps);
  }
  const outcome = await invokeTaskRunner({
    task,
    definition: taskDefinition,
    fakeRequest: buildFakeRequest(task, deps.basePath, apiKey),
    abortController: run.abortController,
    taskManager: deps.taskManager,
  });
  run.onRunEnded?.();
  if (outcome.kind === 'rejected') {
    deps.logger.debug(`Task Manager had no room for [${task.id}]: ${outcome.error.message}`);
    run.onRefusedForRoom?.();
    return releasePushedRun(run, deps);
  }
  const failed = 'error' in outcome.result && outcome.result.error != null;
  if ((run.shutdown && failed) || run.released) return releasePushedRun(run, deps);
  const endedAt = run.workEndedAt ?? new Date();
  const finished = await finishTask(run.claim, outcome.result, {
    endedAt,
    writer: deps.taskWriter,
    index: deps.taskIndex,
    reader: deps.esClient,
    definition: { timeout: taskDefinition.timeout, maxAttempts: taskDefinition.maxAttempts },
    defaultMaxAttempts: deps.defaultMaxAttempts,
    logger: deps.logger,
  });
  deps.logger.debug(`Pushed task [${task.id}] (${task.taskType}) ended: ${finished}`);
  // A task out of attempts keeps its document (`failed`, for readers, until the retention
  // sweep) but never runs again: its key goes now, as when Kibana removes such a task.
  if (finished !== 'removed' && finished !== 'failed') return;
  try {
    if (await invalidateTaskApiKey(task, deps.security)) {
      deps.logger.debug(`API key of ${finished} task [${task.id}] invalidated`);
    }
  } catch (caught) {
    // The run's outcome is written; only the key outlives it (Elasticsearch expires none).
    deps.logger.warn(
      `The API key of ${finished} task [${task.id}] could not be invalidated: ${caught}`
    );
  }
}
