// A running task's progress: a bar (its value when the runner gives one), its message, and when it last reported.
import { EuiProgress, EuiText } from '@elastic/eui';
import moment from 'moment';
import type { TaskListItem } from '../../common';
import { absoluteTime } from './task_times';

/** `40%` for a fraction, rounded to whole percents. */
export function percentOf(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/**
 * With a value the bar is determinate; without one it only says the run is alive. The last
 * report time comes from `updated_at`, the signal `stale` is read from.
 */
export function RunProgress({ task, now }: { task: TaskListItem; now: number }) {
  const value = task.progress?.value;
  const label = `Progress of task ${task.id}`;
  return (
    <div style={{ width: '100%' }}>
      {value === undefined ? (
        // EUI draws an indeterminate bar as a plain div: the role keeps it announced.
        <EuiProgress
          size="xs"
          color="primary"
          role="progressbar"
          aria-label={label}
          data-test-subj="runProgress"
        />
      ) : (
        <EuiProgress
          size="s"
          color="primary"
          value={value * 100}
          max={100}
          valueText={percentOf(value)}
          aria-label={label}
          data-test-subj="runProgress"
        />
      )}
      {task.progress?.message ? (
        <EuiText size="xs" data-test-subj="runProgressMessage">
          {task.progress.message}
        </EuiText>
      ) : null}
      <EuiText size="xs" color="subdued">
        <span title={absoluteTime(task.updated_at)}>
          Last report {moment(task.updated_at).from(now)}
        </span>
      </EuiText>
    </div>
  );
}
