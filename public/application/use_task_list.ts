// Loads one page of the task list, reloads it now and then, and at once on demand.
import { useCallback, useEffect, useState } from 'react';
import type { TaskListItem } from '../../common';
import type { ListTasksQuery, TaskApiClient } from '../api/task_api_client';

export interface TaskListState {
  tasks: TaskListItem[];
  total: number;
  error: string | undefined;
  loading: boolean;
  /** Reloads at once (after scheduling, after an action). */
  refresh: () => void;
}

/**
 * @param refreshIntervalMs - pause between reloads in ms, each after the previous one answered:
 * the list is how rows follow their tasks (status, start time, progress signal).
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
        const tasks = answer.tasks ?? [];
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
