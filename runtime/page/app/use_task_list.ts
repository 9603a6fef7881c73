// Loads one page of the task list, refreshes it now and then, and on demand.
import { useCallback, useEffect, useState } from 'react';
import { toTaskResult } from '../../../common';
import type { ListTasksQuery, TaskApiClient } from '../../../public';
import type { PageTask } from './page_task';

export interface TaskListState {
  tasks: PageTask[];
  total: number;
  error: string | undefined;
  loading: boolean;
  /** Reloads at once (after scheduling, after a task finished). */
  refresh: () => void;
}

/**
 * @param refreshIntervalMs - pause between background reloads, which pick up tasks scheduled
 * elsewhere; each waits for the previous one to answer.
 */
export function useTaskList(
  client: TaskApiClient,
  query: ListTasksQuery,
  refreshIntervalMs: number
): TaskListState {
  const [state, setState] = useState<Omit<TaskListState, 'refresh'>>({
    tasks: [],
    total: 0,
    error: undefined,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const { type, status, page, perPage } = query;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const answer = await client.listTasks(
          { type, status, page, perPage },
          { signal: controller.signal }
        );
        if (controller.signal.aborted) return;
        const tasks = (answer.tasks ?? []).map((item) => ({
          id: item.id,
          type: item.type,
          // The list route already read the status (`stale` included): no clock here.
          result: toTaskResult(item),
          updatedAt: item.updated_at,
          ...(item.schedule ? { cron: `${item.schedule.cron} (${item.schedule.tz})` } : {}),
        }));
        setState({ tasks, total: answer.total ?? tasks.length, error: undefined, loading: false });
      } catch (error) {
        if (controller.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        setState((s) => ({ ...s, error: message, loading: false }));
      }
      timer = setTimeout(load, refreshIntervalMs);
    };
    void load();
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [client, type, status, page, perPage, refreshIntervalMs, generation]);

  return { ...state, refresh };
}
