// The task list as an EUI table: status, progress, times, and the actions each status allows.
import {
  EuiBasicTable,
  EuiButtonEmpty,
  EuiFlexGroup,
  EuiLink,
  EuiText,
  type Criteria,
  type EuiBasicTableColumn,
} from '@elastic/eui';
import { isActionAllowed, isActiveStatus, type TaskListItem } from '../../common';
import { RunProgress } from './run_progress';
import { TaskStatusHealth } from './task_status_health';
import { runDuration, TimeAgo } from './task_times';

export interface TasksTableProps {
  tasks: TaskListItem[];
  /** type → title, for the type column */
  titles: Map<string, string>;
  now: number;
  loading: boolean;
  /** 0-based */
  pageIndex: number;
  pageSize: number;
  total: number;
  onPage: (pageIndex: number) => void;
  /** ids with an action on its way */
  busy: Set<string>;
  onShowDetails: (id: string) => void;
  onCancel: (id: string) => void;
  onAcknowledge: (id: string) => void;
  onDismiss: (id: string) => void;
}

/** What the run reports: the time of its last progress signal while running, the payload after. */
function progressOf(task: TaskListItem, now: number) {
  if (task.status === 'in_progress' || task.status === 'stale') {
    if (!task.run_started_at) return 'Waiting for a node';
    return <RunProgress task={task} now={now} />;
  }
  if ((task.status === 'completed' || task.status === 'acknowledged') && task.task.payload) {
    const text = JSON.stringify(task.task.payload);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  }
  return '—';
}

export function TasksTable(props: TasksTableProps) {
  const { tasks, titles, now, busy } = props;
  const columns: Array<EuiBasicTableColumn<TaskListItem>> = [
    {
      name: 'Task',
      render: (task: TaskListItem) => (
        <div>
          <EuiLink
            onClick={() => props.onShowDetails(task.id)}
            aria-label={`Show details of task ${task.id}`}
          >
            {task.id}
          </EuiLink>
          <EuiText size="xs" color="subdued">
            {titles.get(task.type) ?? task.type}
            {task.schedule ? ` · ${task.schedule.cron} (${task.schedule.tz})` : ''}
            {task.schedule ? ` · Runs: ${task.runs ?? 0}` : ''}
          </EuiText>
        </div>
      ),
    },
    {
      name: 'Status',
      width: '170px',
      render: (task: TaskListItem) => <TaskStatusHealth task={task} />,
    },
    { name: 'Progress', render: (task: TaskListItem) => progressOf(task, now) },
    {
      name: 'Scheduled',
      render: (task: TaskListItem) => <TimeAgo iso={task.created_at} now={now} />,
    },
    { name: 'Duration', render: (task: TaskListItem) => runDuration(task, now) ?? '—' },
    {
      name: 'Actions',
      width: '240px',
      render: (task: TaskListItem) => (
        <EuiFlexGroup gutterSize="xs" responsive={false} wrap>
          {isActionAllowed(task.status, 'cancel') ? (
            <EuiButtonEmpty
              size="xs"
              color="danger"
              isLoading={busy.has(task.id)}
              aria-label={`Cancel task ${task.id}`}
              onClick={() => props.onCancel(task.id)}
            >
              Cancel
            </EuiButtonEmpty>
          ) : null}
          {isActionAllowed(task.status, 'acknowledge') ? (
            <EuiButtonEmpty
              size="xs"
              isLoading={busy.has(task.id)}
              aria-label={`Acknowledge task ${task.id}`}
              onClick={() => props.onAcknowledge(task.id)}
            >
              Acknowledge
            </EuiButtonEmpty>
          ) : null}
          {!isActiveStatus(task.status) && task.status !== 'stale' ? (
            <EuiButtonEmpty
              size="xs"
              color="text"
              aria-label={`Dismiss task ${task.id}`}
              onClick={() => props.onDismiss(task.id)}
            >
              Dismiss
            </EuiButtonEmpty>
          ) : null}
        </EuiFlexGroup>
      ),
    },
  ];
  return (
    <EuiBasicTable<TaskListItem>
      tableCaption="Background tasks"
      items={tasks}
      itemId="id"
      columns={columns}
      loading={props.loading}
      noItemsMessage={props.loading ? 'Loading tasks…' : 'No tasks yet: schedule one above.'}
      rowProps={(task: TaskListItem) =>
        ({ 'data-task-id': task.id, 'data-task-status': task.status }) as object
      }
      pagination={{
        pageIndex: props.pageIndex,
        pageSize: props.pageSize,
        totalItemCount: props.total,
        showPerPageOptions: false,
      }}
      onChange={({ page }: Criteria<TaskListItem>) => page && props.onPage(page.index)}
    />
  );
}
