// Expired claims with no attempts left: a one-shot task is marked failed and its tracking
// document says why; a recurring task is put back on its schedule. Both writes are fenced.
import type { Client } from '@elastic/elasticsearch';
import { isConflict, isNotFound } from './errors';
import { failTrackingDocument } from './fail_tracking_document';
import { isInterval, parseIntervalAsMillisecond } from '../../common/task_schedule';
import { taskDocId, type TaskCandidate } from './task_fields';

/** What an expired task became. */
export type SweepOutcome = 'failed' | 'rescheduled' | 'conflict';

export interface SweepOptions {
  tasksIndex: string;
  trackingIndex: string;
  maxAttempts: number;
  now?: number;
}

/** Recurring tasks whose interval cannot be read retry after this, in ms. */
const FALLBACK_RESCHEDULE_MS = 60_000;

export function expiredClaimError(candidate: TaskCandidate, maxAttempts: number): string {
  const { taskType, ownerId, retryAt, attempts } = candidate.task;
  return (
    `Task ${candidate.id} (${taskType}) did not finish: its claim by node ${ownerId ?? 'unknown'} ` +
    `expired at ${retryAt} after ${attempts ?? 0} of ${maxAttempts} attempts`
  );
}

export async function sweepExpiredTask(
  es: Client,
  candidate: TaskCandidate,
  options: SweepOptions
): Promise<SweepOutcome> {
  const now = options.now ?? Date.now();
  const nowIso = new Date(now).toISOString();
  const interval = candidate.task.schedule
    ? recurringInterval(candidate.task.schedule.interval)
    : undefined;
  const task =
    interval === undefined
      ? { status: 'failed', ownerId: null, retryAt: null }
      : {
          status: 'idle',
          ownerId: null,
          retryAt: null,
          startedAt: null,
          attempts: 0,
          runAt: new Date(now + interval).toISOString(),
        };
  try {
    await es.update({
      index: options.tasksIndex,
      id: taskDocId(candidate.id),
      if_seq_no: candidate.seqNo,
      if_primary_term: candidate.primaryTerm,
      refresh: false,
      doc: { updated_at: nowIso, task },
    });
  } catch (error) {
    if (isConflict(error) || isNotFound(error)) return 'conflict';
    throw error;
  }
  if (interval !== undefined) return 'rescheduled';
  await failTrackingDocument(
    es,
    options.trackingIndex,
    candidate.id,
    expiredClaimError(candidate, options.maxAttempts),
    nowIso
  );
  return 'failed';
}

function recurringInterval(interval: string | undefined): number {
  return interval && isInterval(interval)
    ? parseIntervalAsMillisecond(interval)
    : FALLBACK_RESCHEDULE_MS;
}
