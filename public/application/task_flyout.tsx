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
import type { TaskListItem, TaskRunInfo, TaskTypeInfo } from '../../common';
import type { TaskApiClient } from '../api/task_api_client';
import { percentOf } from './run_progress';
import { TaskStatusHealth } from './task_status_health';
import { finishedAt, runDuration, TimeAgo } from './task_times';
import { useTaskRun } from './use_task_run';

export interface TaskFlyoutProps {
  client: TaskApiClient;
  task: TaskListItem;
  taskType: TaskTypeInfo | undefined;
  now: number;
  onClose: () => void;
}

/** The last progress report, and how many runs finished (counted by the tracking document). */
function progressItems(task: TaskListItem, now: number) {
  const { progress } = task;
  const reported = progress
    ? [
        {
          title: 'Progress',
          description:
            [progress.value === undefined ? undefined : percentOf(progress.value), progress.message]
              .filter(Boolean)
              .join(' · ') || 'No value reported',
        },
        { title: 'Reported', description: <TimeAgo iso={progress.at} now={now} /> },
      ]
    : [];
  const runs =
    task.schedule || task.runs ? [{ title: 'Runs', description: String(task.runs ?? 0) }] : [];
  return [...reported, ...runs];
}

/** Task Manager's side: attempts, node, next run, run count; or why it is not there. */
function runItems(run: TaskRunInfo | undefined, error: string | undefined, now: number) {
  if (error) return [{ title: 'Task Manager', description: `Could not read: ${error}` }];
  if (!run) return [{ title: 'Task Manager', description: 'Reading…' }];
  if (!run.in_task_manager) {
    return [{ title: 'Task Manager', description: 'Finished: no longer in Task Manager' }];
  }
  return [
    { title: 'Node', description: run.owner_id ?? 'Not claimed by a node' },
    { title: 'Attempts', description: String(run.attempts) },
    {
      title: run.schedule ? 'Next run' : 'Due',
      description: <TimeAgo iso={run.run_at} now={now} />,
    },
    ...(run.schedule?.interval ? [{ title: 'Every', description: run.schedule.interval }] : []),
    // The runner's own state (the run count is the tracking document's `runs`).
    ...(Object.keys(run.state).length > 0
      ? [{ title: 'State', description: JSON.stringify(run.state) }]
      : []),
  ];
}

export function TaskFlyout({ client, task, taskType, now, onClose }: TaskFlyoutProps) {
  const running = task.status === 'in_progress' && task.run_started_at;
  const { run, error } = useTaskRun(client, task.id, `${task.status}:${task.updated_at}`);
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
            ...progressItems(task, now),
            { title: 'Space', description: task.space || 'default' },
            ...runItems(run, error, now),
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
          <h3>{task.schedule ? 'Last payload' : 'Payload'}</h3>
        </EuiTitle>
        <EuiCodeBlock language="json" paddingSize="s" aria-label="Payload">
          {task.task.payload === undefined ? 'none' : JSON.stringify(task.task.payload, null, 2)}
        </EuiCodeBlock>
      </EuiFlyoutBody>
    </EuiFlyout>
  );
}
