// Names shared by the server, the browser, the dispatcher and the runtime host.

/** The plugin id of kibana.jsonc (`plugin.id`). */
export const PLUGIN_ID = 'backgroundTasks';

/** The index holding one tracking document per background task. */
export const TRACKING_INDEX = '.kibana_background_tasks';

/** The Task Manager `scope` of every task this plugin schedules, to find them among others. */
export const TASK_SCOPE = 'backgroundTasks';

/** Base path of the plugin's internal HTTP API. */
export const API_BASE_PATH = '/internal/background_tasks';

/** The task routes: `${TASKS_API_PATH}` (list) and `${TASKS_API_PATH}/{id}` (get/actions). */
export const TASKS_API_PATH = `${API_BASE_PATH}/tasks`;

/**
 * The deepest result a task list reaches (`page × perPage`): Elasticsearch's default
 * `index.max_result_window`, past which a search fails instead of answering a page.
 */
export const MAX_LIST_RESULT_WINDOW = 10_000;

/** The registered task types, with their titles and params schemas (for forms). */
export const TASK_TYPES_API_PATH = `${API_BASE_PATH}/task_types`;
