// The table of tasks, each row following its own status live.
import type { TaskApiClient } from '../../../public';
import type { TaskResult } from '../../../common';
import type { PageTask } from './page_task';
import { TaskRow } from './task_row';

export interface TaskListProps {
  tasks: PageTask[];
  client: TaskApiClient;
  pollIntervalMs: number;
  onFinished: (id: string, task: TaskResult) => void;
}

export function TaskList({ tasks, client, pollIntervalMs, onFinished }: TaskListProps) {
  if (tasks.length === 0) {
    return <p className="empty">No tasks yet. Schedule one with the form.</p>;
  }
  return (
    <table aria-label="Tasks">
      <thead>
        <tr>
          <th scope="col">Task id</th>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Result</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <TaskRow
            key={task.id}
            item={task}
            client={client}
            pollIntervalMs={pollIntervalMs}
            onFinished={onFinished}
          />
        ))}
      </tbody>
    </table>
  );
}
