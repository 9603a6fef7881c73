// Mirrors x-pack/platform/plugins/shared/task_manager/server/index.ts (elastic/kibana): the exports this project uses

export type {
  TaskInstance,
  ConcreteTaskInstance,
  TaskRunCreatorFunction,
  RunContext,
  IntervalSchedule,
  RruleSchedule,
} from './task';

export { TaskStatus, TaskPriority, TaskCost } from './task';

export type { TaskRegisterDefinition, TaskDefinitionRegistry } from './task_type_dictionary';

export { TaskErrorSource } from './task_running/errors';
export type { DecoratedError } from './task_running/errors';

export type { RunNowResult } from './task_scheduling';

export type { TaskManagerSetupContract, TaskManagerStartContract } from './plugin';
