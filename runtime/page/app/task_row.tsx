// One task of the list: follows its status live and offers the actions that apply.
import { useCallback } from 'react';
import { TaskStatus, useTaskPolling, type TaskApiClient } from '../../../public';
import type { TaskResult } from '../../../common';
import type { PageTask } from './page_task';

export interface TaskRowProps {
  item: PageTask;
  client: TaskApiClient;
  pollIntervalMs: number;
  /** Called when the task finishes while shown, so the list can refresh. */
  onFinished: (id: string, task: TaskResult) => void;
}

export function TaskRow({ item, client, pollIntervalMs, onFinished }: TaskRowProps) {
  const { id } = item;
  const { task, error, cancelTask, isCancellingTask, acknowledgeTask, isAcknowledgingTask } =
    useTaskPolling({
      taskId: id,
      task: item.result,
      pollIntervalMs,
      onPoll: (signal) => client.getTask(id, { signal }),
      onCancel: () => client.cancelTask(id),
      onAcknowledge: () => client.acknowledgeTask(id),
      onFinished: (finished) => onFinished(id, finished),
    });
  const onCancel = useCallback(() => void cancelTask(), [cancelTask]);
  const onAcknowledge = useCallback(() => void acknowledgeTask(), [acknowledgeTask]);

  return (
    <tr data-task-id={id} data-task-status={task?.status ?? 'loading'}>
      <td>
        <code>{id}</code>
      </td>
      <td>
        {item.type}
        {item.cron ? <p className="help">{item.cron}</p> : null}
      </td>
      <td>
        <TaskStatus
          status={task?.status}
          error={task?.status === 'failed' ? task.error : undefined}
          requestError={error?.message}
          onCancel={onCancel}
          isCancelling={isCancellingTask}
          onAcknowledge={onAcknowledge}
          isAcknowledging={isAcknowledgingTask}
          taskLabel={id}
        />
      </td>
      <td>{describeOutcome(task)}</td>
      <td>{item.updatedAt ? new Date(item.updatedAt).toLocaleTimeString() : ''}</td>
    </tr>
  );
}

/** A short view of a completed task's payload. */
function describeOutcome(task: TaskResult | undefined): string {
  if (!task || (task.status !== 'completed' && task.status !== 'acknowledged')) return '';
  if (task.payload === undefined) return '';
  const text = JSON.stringify(task.payload);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
