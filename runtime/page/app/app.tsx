// The page: a health line, a form to schedule example tasks, and a live list of tasks with their actions.
import { useCallback, useMemo, useState } from 'react';
import type { HttpStart } from '@kbn/core/public';
import { TaskApiClient, TASK_STATUS_DISPLAY } from '../../../public';
import type { TaskResult, BackgroundTaskStatus } from '../../../common';
import { EXAMPLE_TASK_TYPES } from './example_task_types';
import { HealthPanel } from './health_panel';
import type { PageTask } from './page_task';
import { ScheduleForm } from './schedule_form';
import { TaskList } from './task_list';
import { useTaskList } from './use_task_list';

const PER_PAGE = 20;
/** Rows poll their task this often while it runs. */
const POLL_INTERVAL_MS = 1000;
/** The list itself reloads this often, to show tasks scheduled elsewhere. */
const LIST_REFRESH_MS = 5000;
/** The health line reloads this often. */
const HEALTH_REFRESH_MS = 5000;

export interface AppProps {
  http: HttpStart;
  /** The space the page runs in, shown in the header. */
  spaceLabel: string;
}

export function App({ http, spaceLabel }: AppProps) {
  const client = useMemo(() => new TaskApiClient(http), [http]);
  const [typeFilter, setTypeFilter] = useState('');
  const [statusFilter, setStatusFilter] = useState<BackgroundTaskStatus | ''>('');
  const [page, setPage] = useState(1);
  // Tasks scheduled from this page, shown at once, before the list's search can see them.
  const [scheduledHere, setScheduledHere] = useState<PageTask[]>([]);

  const list = useTaskList(
    client,
    { type: typeFilter || undefined, status: statusFilter || undefined, page, perPage: PER_PAGE },
    LIST_REFRESH_MS
  );
  const { refresh } = list;

  const onScheduled = useCallback(
    (id: string, type: string, result: TaskResult) => {
      setScheduledHere((tasks) => [
        { id, type, result, updatedAt: new Date().toISOString() },
        ...tasks.filter((t) => t.id !== id),
      ]);
      refresh();
    },
    [refresh]
  );
  const onFinished = useCallback(() => refresh(), [refresh]);

  const listed = new Set(list.tasks.map((t) => t.id));
  const extra =
    page === 1 && !statusFilter
      ? scheduledHere.filter((t) => !listed.has(t.id) && (!typeFilter || t.type === typeFilter))
      : [];
  const tasks = [...extra, ...list.tasks];
  const pages = Math.max(1, Math.ceil(list.total / PER_PAGE));

  return (
    <main>
      <header>
        <h1>Background tasks</h1>
        <p className="help">
          Space: <strong>{spaceLabel}</strong>. Schedule an example task, then watch it run.
        </p>
      </header>
      <HealthPanel http={http} refreshIntervalMs={HEALTH_REFRESH_MS} />
      <ScheduleForm client={client} onScheduled={onScheduled} />
      <section aria-labelledby="tasks-heading" className="panel">
        <h2 id="tasks-heading">Tasks</h2>
        <div className="inline filters">
          <label>
            Type{' '}
            <select
              value={typeFilter}
              onChange={(e) => {
                setTypeFilter(e.target.value);
                setPage(1);
              }}
            >
              <option value="">All types</option>
              {EXAMPLE_TASK_TYPES.map((t) => (
                <option key={t.type} value={t.type}>
                  {t.type}
                </option>
              ))}
            </select>
          </label>
          <label>
            Status{' '}
            <select
              value={statusFilter}
              onChange={(e) => {
                setStatusFilter(e.target.value as BackgroundTaskStatus | '');
                setPage(1);
              }}
            >
              <option value="">All statuses</option>
              {(Object.keys(TASK_STATUS_DISPLAY) as BackgroundTaskStatus[]).map((s) => (
                <option key={s} value={s}>
                  {TASK_STATUS_DISPLAY[s].label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={refresh}>
            Refresh
          </button>
        </div>
        {list.error ? (
          <p className="error" role="alert">
            Could not load the task list: {list.error}
          </p>
        ) : null}
        {list.loading && tasks.length === 0 ? (
          <p>Loading tasks…</p>
        ) : (
          <TaskList
            tasks={tasks}
            client={client}
            pollIntervalMs={POLL_INTERVAL_MS}
            onFinished={onFinished}
          />
        )}
        <nav className="inline" aria-label="Pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {pages} ({list.total} tasks)
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            Next
          </button>
        </nav>
      </section>
    </main>
  );
}
