// A task's status as EUI health: "Queued" until a node started the run, "Running" with its start.
import { EuiHealth, EuiText } from '@elastic/eui';
import moment from 'moment';
import type { TaskListItem } from '../../common';
import { TASK_STATUS_DISPLAY } from '../components/task_status';
import { absoluteTime } from './task_times';

/** The words shown for a task: Streams' status values, with `in_progress` split in two. */
export function statusLabel(task: Pick<TaskListItem, 'status' | 'run_started_at'>): string {
  if (task.status === 'in_progress') return task.run_started_at ? 'Running' : 'Queued';
  return TASK_STATUS_DISPLAY[task.status].label;
}

const COLORS: Record<TaskListItem['status'], string> = {
  in_progress: 'primary',
  being_canceled: 'warning',
  canceled: 'subdued',
  failed: 'danger',
  completed: 'success',
  acknowledged: 'success',
  stale: 'warning',
};

export function TaskStatusHealth({ task }: { task: TaskListItem }) {
  const queued = task.status === 'in_progress' && !task.run_started_at;
  return (
    <div>
      <EuiHealth
        color={queued ? 'subdued' : COLORS[task.status]}
        title={TASK_STATUS_DISPLAY[task.status].description}
      >
        {statusLabel(task)}
      </EuiHealth>
      {task.status === 'in_progress' && task.run_started_at ? (
        <EuiText size="xs" color="subdued" title={absoluteTime(task.run_started_at)}>
          since {moment(task.run_started_at).format('HH:mm:ss')}
        </EuiText>
      ) : null}
      {task.status === 'failed' && task.task.error ? (
        <EuiText size="xs" color="danger" role="alert">
          {task.task.error}
        </EuiText>
      ) : null}
    </div>
  );
}
