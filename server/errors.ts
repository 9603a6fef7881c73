// The errors a caller of TaskClient must tell apart, checkable by `name` and by `instanceof`.
import type { TrackingRefusal } from '../common';

/**
 * Base of the conflicts (HTTP 409): the task's current status does not allow the action.
 * Routes answer 409 for any error whose `isTaskConflictError` holds.
 */
export class TaskConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskConflictError';
  }
}

/** Scheduling a task while its previous run is still being canceled. */
export class CancellationInProgressError extends TaskConflictError {
  constructor(message = 'The previous run of this task is still being canceled') {
    super(message);
    this.name = 'CancellationInProgressError';
  }
}

/** Acknowledging a task that has not completed. */
export class AcknowledgingIncompleteError extends TaskConflictError {
  constructor(message = 'Only completed tasks can be acknowledged') {
    super(message);
    this.name = 'AcknowledgingIncompleteError';
  }
}

/** No tracking document with this id in the client's space (HTTP 404). */
export class TaskNotFoundError extends Error {
  constructor(id: string) {
    super(`Task [${id}] not found`);
    this.name = 'TaskNotFoundError';
  }
}

/** The params do not match the task type's schema; nothing was written (HTTP 400). */
export class InvalidTaskParamsError extends Error {
  constructor(type: string, detail: string) {
    super(`Invalid params for task type [${type}]: ${detail}`);
    this.name = 'InvalidTaskParamsError';
  }
}

/**
 * A `runAt` or schedule that Elasticsearch, Task Manager or the rrule library cannot use (a
 * year past 9999, a time zone that is none, a next run that cannot be computed, a cron
 * expression no stored schedule says faithfully); nothing was written (HTTP 400).
 */
export class InvalidTaskScheduleError extends Error {
  constructor(field: 'runAt' | 'schedule' | 'schedule.cron', detail: string) {
    super(`Invalid [${field}]: ${detail}`);
    this.name = 'InvalidTaskScheduleError';
  }
}

/** List options past what Elasticsearch answers (its result window); nothing was read (HTTP 400). */
export class InvalidListOptionsError extends Error {
  constructor(detail: string) {
    super(`Invalid list options: ${detail}`);
    this.name = 'InvalidListOptionsError';
  }
}

/** No task type of this name was registered with the plugin (HTTP 400). */
export class UnknownTaskTypeError extends Error {
  constructor(type: string) {
    super(`Unknown task type [${type}]`);
    this.name = 'UnknownTaskTypeError';
  }
}

const CONFLICT_NAMES = new Set([
  'TaskConflictError',
  'CancellationInProgressError',
  'AcknowledgingIncompleteError',
]);

/** True for any conflict, also across bundles where `instanceof` fails. */
export function isTaskConflictError(error: unknown): error is TaskConflictError {
  return (
    error instanceof TaskConflictError || (error instanceof Error && CONFLICT_NAMES.has(error.name))
  );
}

/**
 * The error a refused tracking transition becomes at the server's edge: each is a conflict
 * (409), the two a caller must tell apart with their own class.
 */
export function errorFromRefusal(refusal: TrackingRefusal): TaskConflictError {
  switch (refusal.refused) {
    case 'cancellation_in_progress':
      return new CancellationInProgressError(refusal.message);
    case 'acknowledging_incomplete':
      return new AcknowledgingIncompleteError(refusal.message);
    default:
      return new TaskConflictError(refusal.message);
  }
}
