// Mirrors x-pack/platform/plugins/shared/task_manager/server/plugin.ts (elastic/kibana main, 2026): the setup contract, over main's task definitions

import type { TaskManagerSetupContract as TaskManagerSetupContract93 } from '../../../kbn-task-manager-plugin/server/plugin';
import type { TaskDefinitionRegistry } from './task_type_dictionary';

/** As in 9.3; `registerTaskDefinitions` takes definitions whose runners get main's RunContext. */
export type TaskManagerSetupContract = Omit<
  TaskManagerSetupContract93,
  'registerTaskDefinitions'
> & {
  /** Throws for a duplicate type, and for `maxConcurrency` on a type not on the allow-list. */
  registerTaskDefinitions: (taskDefinitions: TaskDefinitionRegistry) => void;
};
