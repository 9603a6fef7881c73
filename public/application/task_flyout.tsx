// The details of one task in a flyout: status and times, params, payload, and the error.
import {
  EuiCallOut,
  EuiCodeBlock,
  EuiDescriptionList,
  EuiFlyout,
  EuiFlyoutBody,
  EuiFlyoutHeader,
  EuiSpacer,
  EuiTitle,
} from '@elastic/eui';
import type { TaskListItem, TaskTypeInfo } from '../../common';
import { TaskStatusHealth } from './task_status_health';
import { finishedAt, runDuration, TimeAgo } from './task_times';

export interface TaskFlyoutProps {
  task: TaskListItem;
  taskType: TaskTypeInfo | undefined;
  now: number;
  onClose: () => void;
}

export function TaskFlyout({ task, taskType, now, onClose }: TaskFlyoutProps) {
  const running = task.status === 'in_progress' && task.run_started_at;
  return (
    <EuiFlyout onClose={onClose} size="s" aria-labelledby="task-flyout-title" ownFocus>
      <EuiFlyoutHeader hasBorder>
        <EuiTitle size="m">
          <h2 id="task-flyout-title">Task {task.id}</h2>
        </EuiTitle>
      </EuiFlyoutHeader>
      <EuiFlyoutBody>
        {task.status === 'failed' ? (
          <>
            <EuiCallOut title="The task failed" color="danger" iconType="error">
              <p>{task.task.error || 'No error message was recorded.'}</p>
            </EuiCallOut>
            <EuiSpacer />
          </>
        ) : null}
        <EuiDescriptionList
          type="column"
          compressed
          listItems={[
            { title: 'Status', description: <TaskStatusHealth task={task} /> },
            {
              title: 'Type',
              description: taskType ? `${taskType.title} (${task.type})` : task.type,
            },
            { title: 'Scheduled', description: <TimeAgo iso={task.created_at} now={now} /> },
            { title: 'Started', description: <TimeAgo iso={task.run_started_at} now={now} /> },
            {
              title: running ? 'Last progress report' : 'Last update',
              description: <TimeAgo iso={task.updated_at} now={now} />,
            },
            { title: 'Finished', description: <TimeAgo iso={finishedAt(task)} now={now} /> },
            { title: 'Duration', description: runDuration(task, now) ?? '—' },
            {
              title: 'Acknowledged',
              description: <TimeAgo iso={task.last_acknowledged_at} now={now} />,
            },
            { title: 'Space', description: task.space || 'default' },
          ]}
        />
        <EuiSpacer />
        <EuiTitle size="xs">
          <h3>Params</h3>
        </EuiTitle>
        <EuiCodeBlock language="json" paddingSize="s" aria-label="Params">
          {JSON.stringify(task.task.params ?? {}, null, 2)}
        </EuiCodeBlock>
        <EuiSpacer />
        <EuiTitle size="xs">
          <h3>Payload</h3>
        </EuiTitle>
        <EuiCodeBlock language="json" paddingSize="s" aria-label="Payload">
          {task.task.payload === undefined ? 'none' : JSON.stringify(task.task.payload, null, 2)}
        </EuiCodeBlock>
      </EuiFlyoutBody>
    </EuiFlyout>
  );
}
