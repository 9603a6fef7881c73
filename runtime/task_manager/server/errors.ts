// The errors callers of Task Manager tell apart, shaped like Kibana's saved-object errors.

/** Turns whatever a `catch` caught into an Error. */
export function toError(caught: unknown): Error {
  if (caught instanceof Error) return caught;
  return new Error(typeof caught === 'string' ? caught : JSON.stringify(caught));
}

/** An error with an HTTP-like status, readable as `statusCode` or Boom's `output.statusCode`. */
export class TaskStoreError extends Error {
  public readonly statusCode: number;
  public readonly output: { statusCode: number };

  constructor(message: string, statusCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TaskStoreError';
    this.statusCode = statusCode;
    this.output = { statusCode };
  }
}

/** No task has this id. */
export class TaskNotFoundError extends TaskStoreError {
  constructor(id: string, options?: { cause?: unknown }) {
    super(`Saved object [task/${id}] not found`, 404, options);
    this.name = 'TaskNotFoundError';
  }
}

/** A task with this id exists already, or it changed since it was read. */
export class TaskConflictError extends TaskStoreError {
  constructor(id: string, options?: { cause?: unknown }) {
    super(`Saved object [task/${id}] conflict`, 409, options);
    this.name = 'TaskConflictError';
  }
}

/** `ephemeralRunNow` found no free capacity on this node. */
export class EphemeralTaskRejectedDueToCapacityError extends Error {
  constructor(
    message: string,
    public readonly task: { taskType: string; id?: string }
  ) {
    super(message);
    this.name = 'EphemeralTaskRejectedDueToCapacityError';
  }
}

export function isTaskNotFoundError(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 404;
}

export function isTaskConflictError(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 409;
}
