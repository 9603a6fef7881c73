// What the task types route answers: each registered type with what a form needs to schedule it.

/**
 * A JSON schema (OpenAPI 3.0 subset) of a type's params: an object whose `properties` give
 * each param's `type` (`number`, `string`, `boolean`…), `description`, `default`, `minimum`.
 */
export interface TaskParamsSchema {
  type?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  properties?: Record<string, TaskParamsSchema>;
  required?: string[];
}

export interface TaskTypeInfo {
  /** e.g. `examples:sleep` */
  type: string;
  /** the definition's `title`, or the type */
  title: string;
  description?: string;
  /** absent when the type was registered without a `paramsSchema` (any object passes) */
  params?: TaskParamsSchema;
  /** the type has a default schedule: scheduling it without one makes it recurring */
  recurring: boolean;
}

export interface TaskTypesResponse {
  task_types: TaskTypeInfo[];
}

/**
 * What Task Manager holds of a task, for the details flyout: attempts, the node running it, the
 * next run. A one-off task leaves Task Manager once it finished (`in_task_manager: false`).
 */
export type TaskRunInfo =
  | { in_task_manager: false }
  | {
      in_task_manager: true;
      /** Task Manager's status: `idle`, `claiming`, `running`, `failed`… */
      status: string;
      /** failed attempts of the current run */
      attempts: number;
      /** the node that claimed it (`kibana:{uuid}`), null while unclaimed */
      owner_id: string | null;
      /** ISO date: when it is due (a recurring task's next run) */
      run_at: string;
      started_at: string | null;
      /** e.g. `{ interval: '1m' }` for a recurring task */
      schedule?: { interval?: string; rrule?: unknown };
      /** the runner's state, e.g. a recurring task's run count */
      state: Record<string, unknown>;
    };
