// Reads Task Manager's side of a task for the flyout, again whenever the task's document changed.
import { useEffect, useState } from 'react';
import type { TaskRunInfo } from '../../common';
import type { TaskApiClient } from '../api/task_api_client';

export interface TaskRunState {
  run: TaskRunInfo | undefined;
  error: string | undefined;
}

/** @param version - changes when the task moved (its `updated_at`): the read is redone */
export function useTaskRun(client: TaskApiClient, id: string, version: string): TaskRunState {
  const [state, setState] = useState<TaskRunState>({ run: undefined, error: undefined });
  useEffect(() => {
    const controller = new AbortController();
    client.getTaskRun(id, { signal: controller.signal }).then(
      (run) => setState({ run, error: undefined }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ run: undefined, error: error instanceof Error ? error.message : String(error) });
      }
    );
    return () => controller.abort();
  }, [client, id, version]);
  return state;
}
