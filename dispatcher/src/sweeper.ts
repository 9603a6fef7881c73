// Expired claims with no attempts left: a one-shot task is marked failed and its tracking
// document says why; a recurring task is put back on its schedule. Both writes are fenced.
import type { Client } from '@elastic/elasticsearch';
import { isConflict, isNotFound } from './errors';
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

/** Tracking statuses that an expired task may still overwrite (the others are final). */
const OPEN_TRACKING_STATUSES = new Set(['in_progress', 'being_canceled']);

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

interface TrackingSource {
  status?: string;
  task?: Record<string, unknown>;
}

/** Read-modify-write of the tracking document, fenced, retried when a concurrent write won. */
async function failTrackingDocument(
  es: Client,
  index: string,
  id: string,
  error: string,
  nowIso: string
) {
  for (let attempt = 0; attempt < 5; attempt++) {
    let doc;
    try {
      doc = await es.get<TrackingSource>({ index, id, realtime: true });
    } catch (thrown) {
      if (isNotFound(thrown)) return; // a task without tracking: nothing to tell
      throw thrown;
    }
    const current = doc._source?.status;
    if (current === undefined || !OPEN_TRACKING_STATUSES.has(current)) return;
    // A cancel was asked and the task no longer runs anywhere: it ends canceled, not failed.
    const fields =
      current === 'being_canceled'
        ? { status: 'canceled', last_canceled_at: nowIso }
        : { status: 'failed', last_failed_at: nowIso, task: { ...doc._source?.task, error } };
    try {
      await es.update({
        index,
        id,
        if_seq_no: doc._seq_no,
        if_primary_term: doc._primary_term,
        refresh: false,
        doc: { ...fields, updated_at: nowIso },
      });
      return;
    } catch (thrown) {
      if (!isConflict(thrown)) throw thrown;
    }
  }
}
