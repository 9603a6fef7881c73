// The Kibana privileges the plugin's routes require (granted through a Kibana feature).

export const BACKGROUND_TASKS_PRIVILEGES = {
  /** read task results and lists */
  read: 'read_background_tasks',
  /** schedule, cancel and acknowledge tasks */
  manage: 'manage_background_tasks',
  /** push claimed tasks to `_run_now`: held only by the dispatcher's API key */
  push: 'background_tasks_push',
} as const;
