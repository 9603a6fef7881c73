// Turns a listed task into the task result shape the hook and the status component take.
import type { TaskListItem, TaskResult } from '../../../common';

export function toTaskResult(item: TaskListItem): TaskResult {
  switch (item.status) {
    case 'failed':
      return { status: 'failed', error: item.task?.error ?? 'No error message was recorded.' };
    case 'completed':
    case 'acknowledged':
      return { status: item.status, payload: item.task?.payload };
    default:
      return { status: item.status };
  }
}
