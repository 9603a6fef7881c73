// The Background tasks app: health, a form for the registered types, the task table and a details flyout.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  EuiButton,
  EuiCallOut,
  EuiFlexGroup,
  EuiFlexItem,
  EuiPageTemplate,
  EuiPanel,
  EuiSelect,
  EuiSpacer,
  EuiTitle,
} from '@elastic/eui';
import type { HttpStart } from '@kbn/core/public';
import type { BackgroundTaskStatus, TaskListItem, TaskResult } from '../../common';
import { TaskApiClient } from '../api/task_api_client';
import { TASK_STATUS_DISPLAY } from '../components/task_status';
import { HealthPanel } from './health_panel';
import { ScheduleForm } from './schedule_form';
import { TaskFlyout } from './task_flyout';
import { TasksTable } from './tasks_table';
import { useTaskList } from './use_task_list';
import { useTaskTypes } from './use_task_types';

const PER_PAGE = 20;
/**
 * The list reloads this often, in ms: how rows follow their tasks (a status, a run's start
 * and its progress signal live in the tracking document the list returns).
 */
const LIST_REFRESH_MS = 1000;
/** The health line reloads this often, in ms. */
const HEALTH_REFRESH_MS = 5000;

export interface AppProps {
  http: HttpStart;
}

/** The task as known right after scheduling, before the list's search sees it (1 s refresh). */
function scheduledTask(id: string, type: string, params: unknown, result: TaskResult) {
  const now = new Date().toISOString();
  return {
    id,
    type,
    status: result.status === 'not_started' ? 'in_progress' : result.status,
    space: '',
    created_at: now,
    updated_at: now,
    task: { params },
  } as TaskListItem;
}

export function App({ http }: AppProps) {
  const client = useMemo(() => new TaskApiClient(http), [http]);
  const space = /\/s\/([^/]+)$/.exec(http.basePath.get())?.[1] ?? 'default';
  const { types, error: typesError } = useTaskTypes(http);
  const titles = useMemo(() => new Map((types ?? []).map((t) => [t.type, t.title])), [types]);
  const [typeFilter, setTypeFilter] = useState('');
  const [statusFilter, setStatusFilter] = useState<BackgroundTaskStatus | ''>('');
  const [pageIndex, setPageIndex] = useState(0);
  const [scheduledHere, setScheduledHere] = useState<TaskListItem[]>([]);
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [actionError, setActionError] = useState<string>();
  const [selectedId, setSelectedId] = useState<string>();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const list = useTaskList(
    client,
    {
      type: typeFilter || undefined,
      status: statusFilter || undefined,
      page: pageIndex + 1,
      perPage: PER_PAGE,
    },
    LIST_REFRESH_MS
  );
  const { refresh } = list;

  const onScheduled = useCallback(
    (id: string, type: string, params: unknown, result: TaskResult) => {
      setScheduledHere((tasks) => [
        scheduledTask(id, type, params, result),
        ...tasks.filter((t) => t.id !== id),
      ]);
      setDismissed((ids) => new Set([...ids].filter((other) => other !== id)));
      refresh();
    },
    [refresh]
  );

  const act = (id: string, action: (id: string) => Promise<unknown>, verb: string) => {
    setBusy((ids) => new Set(ids).add(id));
    setActionError(undefined);
    action(id)
      .catch((error: unknown) =>
        setActionError(`Could not ${verb} ${id}: ${error instanceof Error ? error.message : error}`)
      )
      .finally(() => {
        setBusy((ids) => new Set([...ids].filter((other) => other !== id)));
        refresh();
      });
  };

  const listed = new Set(list.tasks.map((t) => t.id));
  const extra =
    pageIndex === 0 && !statusFilter
      ? scheduledHere.filter((t) => !listed.has(t.id) && (!typeFilter || t.type === typeFilter))
      : [];
  const tasks = [...extra, ...list.tasks].filter((t) => !dismissed.has(t.id));
  const selected = tasks.find((t) => t.id === selectedId);

  return (
    <EuiPageTemplate restrictWidth={1200} panelled>
      <EuiPageTemplate.Header
        pageTitle="Background tasks"
        description={`Space: ${space}. Schedule a registered task type, then watch it run.`}
      />
      <EuiPageTemplate.Section>
        <HealthPanel http={http} refreshIntervalMs={HEALTH_REFRESH_MS} />
        <EuiSpacer />
        <EuiFlexGroup alignItems="flexStart">
          <EuiFlexItem grow={1}>
            <EuiPanel hasBorder>
              {typesError ? (
                <EuiCallOut
                  color="danger"
                  iconType="error"
                  title={`Could not read the task types: ${typesError}`}
                />
              ) : null}
              <ScheduleForm client={client} taskTypes={types} onScheduled={onScheduled} />
            </EuiPanel>
          </EuiFlexItem>
          <EuiFlexItem grow={3}>
            <EuiPanel hasBorder>
              <section aria-labelledby="tasks-heading">
                <EuiTitle size="s">
                  <h2 id="tasks-heading">Tasks</h2>
                </EuiTitle>
                <EuiSpacer size="m" />
                <EuiFlexGroup gutterSize="s" responsive={false} wrap>
                  <EuiFlexItem grow={false}>
                    <EuiSelect
                      prepend="Type"
                      aria-label="Filter by type"
                      value={typeFilter}
                      onChange={(e) => {
                        setTypeFilter(e.target.value);
                        setPageIndex(0);
                      }}
                      options={[
                        { value: '', text: 'All types' },
                        ...(types ?? []).map((t) => ({ value: t.type, text: t.title })),
                      ]}
                    />
                  </EuiFlexItem>
                  <EuiFlexItem grow={false}>
                    <EuiSelect
                      prepend="Status"
                      aria-label="Filter by status"
                      value={statusFilter}
                      onChange={(e) => {
                        setStatusFilter(e.target.value as BackgroundTaskStatus | '');
                        setPageIndex(0);
                      }}
                      options={[
                        { value: '', text: 'All statuses' },
                        ...(Object.keys(TASK_STATUS_DISPLAY) as BackgroundTaskStatus[])
                          .filter((s) => s !== 'not_started')
                          .map((s) => ({ value: s, text: TASK_STATUS_DISPLAY[s].label })),
                      ]}
                    />
                  </EuiFlexItem>
                  <EuiFlexItem grow={false}>
                    <EuiButton iconType="refresh" onClick={refresh}>
                      Refresh
                    </EuiButton>
                  </EuiFlexItem>
                </EuiFlexGroup>
                <EuiSpacer size="m" />
                {list.error ? (
                  <EuiCallOut
                    color="danger"
                    iconType="error"
                    title="Could not load the task list"
                    role="alert"
                  >
                    <p>{list.error}</p>
                  </EuiCallOut>
                ) : null}
                {actionError ? (
                  <EuiCallOut
                    color="danger"
                    iconType="error"
                    title={actionError}
                    onDismiss={() => setActionError(undefined)}
                  />
                ) : null}
                <TasksTable
                  tasks={tasks}
                  titles={titles}
                  now={now}
                  loading={list.loading}
                  pageIndex={pageIndex}
                  pageSize={PER_PAGE}
                  total={Math.max(list.total, tasks.length)}
                  onPage={setPageIndex}
                  busy={busy}
                  onShowDetails={setSelectedId}
                  onCancel={(id) => act(id, (taskId) => client.cancelTask(taskId), 'cancel')}
                  onAcknowledge={(id) =>
                    act(id, (taskId) => client.acknowledgeTask(taskId), 'acknowledge')
                  }
                  onDismiss={(id) => setDismissed((ids) => new Set(ids).add(id))}
                />
              </section>
            </EuiPanel>
          </EuiFlexItem>
        </EuiFlexGroup>
      </EuiPageTemplate.Section>
      {selected ? (
        <TaskFlyout
          client={client}
          task={selected}
          taskType={types?.find((t) => t.type === selected.type)}
          now={now}
          onClose={() => setSelectedId(undefined)}
        />
      ) : null}
    </EuiPageTemplate>
  );
}
