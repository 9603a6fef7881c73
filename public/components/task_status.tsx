// Shows a task's status in words and colour, a failed task's error, and the actions that apply.
import type { CSSProperties } from 'react';
import { isActionAllowed, type BackgroundTaskStatus } from '../../common';

/** Words and colours per status; colours pass WCAG AA contrast against white. */
export const TASK_STATUS_DISPLAY: Record<
  BackgroundTaskStatus,
  { label: string; description: string; color: string }
> = {
  not_started: { label: 'Not started', description: 'Not scheduled yet.', color: '#5a6270' },
  in_progress: {
    label: 'In progress',
    description: 'Running or waiting to run.',
    color: '#0b64dd',
  },
  being_canceled: {
    label: 'Canceling',
    description: 'Cancellation requested; waiting for the task to stop.',
    color: '#8a6a0a',
  },
  canceled: { label: 'Canceled', description: 'Stopped before it finished.', color: '#5a6270' },
  failed: { label: 'Failed', description: 'Ended with an error.', color: '#bd271e' },
  completed: { label: 'Completed', description: 'Finished successfully.', color: '#007871' },
  acknowledged: {
    label: 'Acknowledged',
    description: 'Finished and marked as seen.',
    color: '#3f6b4f',
  },
  stale: {
    label: 'Stale',
    description: 'In progress, but no sign of progress for a while.',
    color: '#a54e00',
  },
};

export interface TaskStatusProps {
  /** The task's status; undefined while it is being loaded. */
  status: BackgroundTaskStatus | undefined;
  /** The error of a failed task. */
  error?: string;
  /** A problem reaching the server (not the task's own failure). */
  requestError?: string;
  /** Shows the Cancel button where cancelling applies. */
  onCancel?: () => void;
  isCancelling?: boolean;
  /** Shows the Acknowledge button on a completed task. */
  onAcknowledge?: () => void;
  isAcknowledging?: boolean;
  /** Names the task in button labels for screen readers, e.g. its id. */
  taskLabel?: string;
}

export function TaskStatus({
  status,
  error,
  requestError,
  onCancel,
  isCancelling = false,
  onAcknowledge,
  isAcknowledging = false,
  taskLabel,
}: TaskStatusProps) {
  const display = status ? TASK_STATUS_DISPLAY[status] : undefined;
  // While a cancel is pending the badge says so, even before the server confirms it.
  const shown =
    isCancelling && status !== undefined && isActionAllowed(status, 'cancel')
      ? TASK_STATUS_DISPLAY.being_canceled
      : display;
  const showCancel =
    onCancel !== undefined && (isActionAllowed(status, 'cancel') || status === 'being_canceled');
  const showAcknowledge = onAcknowledge !== undefined && isActionAllowed(status, 'acknowledge');
  const suffix = taskLabel ? ` ${taskLabel}` : '';

  return (
    <div className="bgTasks-status" style={styles.root}>
      <span role="status" aria-live="polite" title={shown?.description} style={styles.badge}>
        <span
          aria-hidden="true"
          style={{ ...styles.dot, backgroundColor: shown?.color ?? '#98a2b3' }}
        />
        <span style={{ color: shown?.color ?? '#5a6270', fontWeight: 600 }}>
          {shown?.label ?? 'Loading…'}
        </span>
      </span>
      {status === 'failed' && error ? (
        <span role="alert" style={styles.taskError}>
          {error}
        </span>
      ) : null}
      {requestError ? (
        <span style={styles.requestError}>Could not refresh: {requestError}</span>
      ) : null}
      {showCancel ? (
        <button
          type="button"
          onClick={onCancel}
          disabled={isCancelling || status === 'being_canceled'}
          aria-label={`Cancel task${suffix}`}
          style={styles.button}
        >
          {isCancelling || status === 'being_canceled' ? 'Canceling…' : 'Cancel'}
        </button>
      ) : null}
      {showAcknowledge ? (
        <button
          type="button"
          onClick={onAcknowledge}
          disabled={isAcknowledging}
          aria-label={`Acknowledge task${suffix}`}
          style={styles.button}
        >
          {isAcknowledging ? 'Acknowledging…' : 'Acknowledge'}
        </button>
      ) : null}
    </div>
  );
}

const styles: Record<string, CSSProperties> = {
  root: { display: 'inline-flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' },
  badge: { display: 'inline-flex', alignItems: 'center', gap: 6 },
  dot: { display: 'inline-block', width: 10, height: 10, borderRadius: '50%' },
  taskError: { color: '#bd271e', fontFamily: 'monospace', fontSize: '0.9em' },
  requestError: { color: '#a54e00', fontSize: '0.9em' },
  button: { padding: '2px 10px', cursor: 'pointer' },
};
