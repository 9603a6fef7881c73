// Mirrors x-pack/platform/plugins/shared/task_manager/server/plugin.ts (elastic/kibana): the plugin contracts

import type { SavedObjectsBulkDeleteResponse } from '@kbn/core/server';
import type {
  ConcreteTaskInstance,
  ScheduleOptions,
  TaskInstanceWithDeprecatedFields,
  TaskInstanceWithId,
} from './task';
import type { TaskDefinitionRegistry } from './task_type_dictionary';
import type { FetchResult, SearchOpts } from './task_store';
import type { RunSoonResult } from './task_scheduling';

/**
 * Simplified: Kibana's also has `addMiddleware` and `registerCanEncryptedSavedObjects`.
 */
export interface TaskManagerSetupContract {
  /**
   * @deprecated
   */
  index: string;
  /**
   * Method for allowing consumers to register task definitions into the system.
   * Throws for a duplicate type, and for `maxConcurrency` on a type not on the allow-list.
   * @param taskDefinitions - The Kibana task definitions dictionary
   */
  registerTaskDefinitions: (taskDefinitions: TaskDefinitionRegistry) => void;
}

/**
 * Kibana declares this as `Pick<TaskScheduling, ...> & Pick<TaskStore, ...> & {...}`; the
 * picked methods are spelled out here.
 *
 * Simplified: Kibana's also has `bulkUpdateSchedules`, `bulkEnable`, `bulkDisable`,
 * `bulkUpdateState`, `aggregate`, `bulkGet`,
 * `registerEncryptedSavedObjectsClient` and `registerApiKeyInvalidateFn`.
 * There is no `ephemeralRunNow`: Kibana 9 removed ephemeral tasks.
 */
export type TaskManagerStartContract = {
  /** Schedules a task. */
  schedule: (
    taskInstance: TaskInstanceWithDeprecatedFields,
    options?: ScheduleOptions
  ) => Promise<ConcreteTaskInstance>;
  /**
   * Schedules tasks in one bulk create (given a request, each gets its own API key, as
   * `schedule` gives). Answers the tasks stored; one that could not be (its id taken, ...) is
   * left out and logged: Kibana answers it as a saved object carrying an `error`.
   */
  bulkSchedule: (
    taskInstances: TaskInstanceWithDeprecatedFields[],
    options?: ScheduleOptions
  ) => Promise<ConcreteTaskInstance[]>;
  /** Schedules a task with an id, or does nothing (updating the interval) if it exists. */
  ensureScheduled: (
    taskInstance: TaskInstanceWithId,
    options?: ScheduleOptions
  ) => Promise<TaskInstanceWithId>;
  /** Marks an idle task to run as soon as possible. */
  runSoon: (taskId: string, force?: boolean) => Promise<RunSoonResult>;
} & {
  /** Fetches a list of scheduled tasks with default sorting. */
  fetch: (opts?: SearchOpts, limitResponse?: boolean) => Promise<FetchResult>;
  /** Gets a task by id. */
  get: (id: string) => Promise<ConcreteTaskInstance>;
  /** Removes the specified task from the index. */
  remove: (id: string) => Promise<void>;
  /** Bulk removes the specified tasks from the index. */
  bulkRemove: (taskIds: string[]) => Promise<SavedObjectsBulkDeleteResponse>;
} & {
  /** Like `remove`, but does not fail when the task does not exist. */
  removeIfExists: (id: string) => Promise<void>;
} & {
  getRegisteredTypes: () => string[];
};
