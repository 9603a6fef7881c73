// How the app shows times: relative, with the absolute time and its zone on hover; durations.
import moment from 'moment';
import { EuiToolTip } from '@elastic/eui';
import type { TaskListItem } from '../../common';

/** The absolute time with its zone, e.g. `2026-12-02 03:40:12 +00:00`. */
export function absoluteTime(iso: string): string {
  return moment(iso).format('YYYY-MM-DD HH:mm:ss Z');
}

/** `12 seconds ago`, the absolute time on hover. */
export function TimeAgo({ iso, now }: { iso: string | undefined; now: number }) {
  if (!iso) return <>—</>;
  return (
    <EuiToolTip content={absoluteTime(iso)}>
      <span tabIndex={0} title={absoluteTime(iso)}>
        {moment(iso).from(now)}
      </span>
    </EuiToolTip>
  );
}

/** When the task's current run ended, if it did. */
export function finishedAt(task: TaskListItem): string | undefined {
  switch (task.status) {
    case 'completed':
    case 'acknowledged':
      return task.last_completed_at;
    case 'failed':
      return task.last_failed_at;
    case 'canceled':
      return task.last_canceled_at;
    default:
      return undefined;
  }
}

/**
 * How long the run took, or has run so far, e.g. `1.5 s`, `2 min 3 s`: from its start while
 * running; once finished from its scheduling (the document keeps no start time after a run).
 * Undefined while queued.
 */
export function runDuration(task: TaskListItem, now: number): string | undefined {
  const end = finishedAt(task) ?? (task.run_started_at ? new Date(now).toISOString() : undefined);
  if (!end) return undefined;
  const ms = Math.max(0, Date.parse(end) - Date.parse(task.run_started_at ?? task.created_at));
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
