// Expired claims with no attempts left: the kernel's expiry write (a one-shot task fails, a
// recurring one goes back on its schedule, or fails when it has no next run), fenced; a failed
// task's tracking document says why.
import type { Client } from '@elastic/elasticsearch';
import { expireWrite, nodeUuidOf, toFence } from '../../common/task_lifecycle';
import { writeTask } from '../../common/task_lifecycle/write_task';
import { describeError, isConflict, isNotFound } from './errors';
import type { Logger } from './logger';
import type { DispatcherMetrics } from './metrics';
import { failTrackingDocument } from './fail_tracking_document';
import { toTaskInstance, type TaskCandidate } from './task_fields';

/** What an expired task became. */
export type SweepOutcome = 'failed' | 'rescheduled' | 'conflict';

export interface SweepOptions {
  tasksIndex: string;
  trackingIndex: string;
  maxAttempts: number;
  /** ms, for the next run of a recurring task (see `expireWrite`) */
  pollInterval: number;
  now?: number;
}

export function expiredClaimError(candidate: TaskCandidate, maxAttempts: number): string {
  const { taskType, ownerId, retryAt, attempts } = candidate.task;
  return (
    `Task ${candidate.id} (${taskType}) did not finish: its claim by node ${ownerId ? nodeUuidOf(ownerId) : 'unknown'} ` +
    `expired at ${retryAt} after ${attempts ?? 0} of ${maxAttempts} attempts`
  );
}

export async function sweepExpiredTask(
  es: Client,
  candidate: TaskCandidate,
  options: SweepOptions
): Promise<SweepOutcome> {
  const now = new Date(options.now ?? Date.now());
  const write = expireWrite(toTaskInstance(candidate.task, candidate.id), {
    fence: toFence(candidate.seqNo, candidate.primaryTerm),
    pollInterval: options.pollInterval,
    now,
  });
  const recurring = write.doc.task.status === 'idle';
  try {
    await writeTask(es, options.tasksIndex, write);
  } catch (error) {
    if (isConflict(error) || isNotFound(error)) return 'conflict';
    throw error;
  }
  if (recurring) return 'rescheduled';
  await failTrackingDocument(
    es,
    options.trackingIndex,
    candidate.id,
    write.reason ?? expiredClaimError(candidate, options.maxAttempts),
    write.doc.updated_at
  );
  return 'failed';
}

/**
 * The dispatcher's sweep of one exhausted claim: the expiry written, counted and logged; an
 * Elasticsearch error leaves it for the next cycle (logged, never thrown).
 */
export async function settleExpiredTask(
  { es, metrics, logger }: { es: Client; metrics: DispatcherMetrics; logger: Logger },
  candidate: TaskCandidate,
  options: SweepOptions
): Promise<void> {
  try {
    const outcome = await sweepExpiredTask(es, candidate, options);
    if (outcome === 'conflict') return;
    metrics.expired.inc({ result: outcome });
    logger.warn(`Task ${candidate.id} ${outcome}: its claim expired with no attempts left`, {
      task: {
        id: candidate.id,
        type: candidate.task.taskType,
        attempts: candidate.task.attempts,
        owner_id: candidate.task.ownerId,
      },
    });
  } catch (error) {
    logger.warn(`Could not settle expired task ${candidate.id}; will retry`, {
      error: describeError(error),
    });
  }
}
