// Reads the registered task types once: the schedule form's choices and the type filter's titles.
import { useEffect, useState } from 'react';
import type { HttpStart } from '@kbn/core/public';
import { TASK_TYPES_API_PATH, type TaskTypeInfo, type TaskTypesResponse } from '../../common';

export interface TaskTypesState {
  /** undefined until the server answered */
  types: TaskTypeInfo[] | undefined;
  error: string | undefined;
}

export function useTaskTypes(http: HttpStart): TaskTypesState {
  const [state, setState] = useState<TaskTypesState>({ types: undefined, error: undefined });
  useEffect(() => {
    const controller = new AbortController();
    http.get<TaskTypesResponse>(TASK_TYPES_API_PATH, { signal: controller.signal }).then(
      (answer) => setState({ types: answer.task_types, error: undefined }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ types: [], error: error instanceof Error ? error.message : String(error) });
      }
    );
    return () => controller.abort();
  }, [http]);
  return state;
}
