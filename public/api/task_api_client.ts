// Calls the plugin's task routes over Kibana's HttpStart; the space comes from HttpStart's base path.
import type { HttpStart } from '@kbn/core/public';
import {
  TASKS_API_PATH,
  type BackgroundTaskStatus,
  type TaskListResponse,
  type TaskResult,
  type TaskRunInfo,
} from '../../common';

/** The body of a schedule request. */
export interface ScheduleTaskRequest<TParams = Record<string, unknown>> {
  /** A task type registered with the plugin, e.g. `examples:sleep`. */
  type: string;
  /** Validated by the server against the type's schema. */
  params: TParams;
  /** When to run first, ISO 8601; now when omitted. */
  runAt?: string;
  /**
   * Makes the task recurring, e.g. `{ interval: '1m' }`, or `{ cron: '30 9 * * 1-5', tz:
   * 'Europe/Berlin' }` (`tz` defaults to UTC; see the README's "Cron schedules").
   */
  schedule?: { interval: string } | { cron: string; tz?: string };
}

/** Filters and paging of the list route. */
export interface ListTasksQuery {
  type?: string;
  status?: BackgroundTaskStatus | BackgroundTaskStatus[];
  /** 1-based page number. */
  page?: number;
  perPage?: number;
}

/** Per-call options. */
export interface TaskRequestOptions {
  /** Aborts the HTTP request (Kibana's http rejects with an AbortError). */
  signal?: AbortSignal;
}

export class TaskApiClient {
  constructor(private readonly http: HttpStart) {}

  /** The task's current result: status (with `stale`), payload or error. */
  public getTask<TPayload = unknown>(
    id: string,
    { signal }: TaskRequestOptions = {}
  ): Promise<TaskResult<TPayload>> {
    return this.http.get<TaskResult<TPayload>>(taskPath(id), { signal });
  }

  /** What Task Manager holds of the task: attempts, the node that claimed it, the next run. */
  public getTaskRun(id: string, { signal }: TaskRequestOptions = {}): Promise<TaskRunInfo> {
    return this.http.get<TaskRunInfo>(`${taskPath(id)}/_run`, { signal });
  }

  /** Schedules (or reschedules) the task `id`; refused with 409 while it is being canceled. */
  public scheduleTask<TParams = Record<string, unknown>>(
    id: string,
    request: ScheduleTaskRequest<TParams>,
    { signal }: TaskRequestOptions = {}
  ): Promise<TaskResult> {
    return this.http.post<TaskResult>(taskPath(id), {
      query: { schedule: true },
      body: JSON.stringify(request),
      signal,
    });
  }

  /** Asks for cancellation; answers `being_canceled`, or `canceled` for a task not yet started. */
  public cancelTask(id: string, { signal }: TaskRequestOptions = {}): Promise<TaskResult> {
    return this.http.post<TaskResult>(taskPath(id), { query: { cancel: true }, signal });
  }

  /** Marks a completed task as seen; 409 for any other status. */
  public acknowledgeTask(id: string, { signal }: TaskRequestOptions = {}): Promise<TaskResult> {
    return this.http.post<TaskResult>(taskPath(id), { query: { acknowledge: true }, signal });
  }

  /** One page of tasks, filtered by type and status. */
  public listTasks(
    { type, status, page, perPage }: ListTasksQuery = {},
    { signal }: TaskRequestOptions = {}
  ): Promise<TaskListResponse> {
    return this.http.get<TaskListResponse>(TASKS_API_PATH, {
      query: { type, status, page, perPage },
      signal,
    });
  }
}

function taskPath(id: string): string {
  return `${TASKS_API_PATH}/${encodeURIComponent(id)}`;
}
