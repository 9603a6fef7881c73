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
