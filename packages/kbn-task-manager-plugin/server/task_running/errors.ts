// Mirrors x-pack/platform/plugins/shared/task_manager/server/task_running/errors.ts (elastic/kibana)

/** Whether a task failure came from Task Manager itself or from the task's own code. */
export enum TaskErrorSource {
  FRAMEWORK = 'framework',
  USER = 'user',
}

/**
 * An error decorated by Task Manager.
 * Simplified: Kibana keys the decorations by private symbols (`code`, `source`).
 */
export type DecoratedError = Error;
