// Mirrors x-pack/platform/plugins/shared/task_manager/server/index.ts (elastic/kibana main, 2026): the exports this project uses, those that differ from 9.3 taken from this folder

// Local exports take precedence over the re-exported 9.3 ones of the same name.
export * from '../../../kbn-task-manager-plugin/server/index';

export type { RunContext, TaskRunCreatorFunction } from './task';
export { TaskCost } from './task';
export type { TaskRegisterDefinition, TaskDefinitionRegistry } from './task_type_dictionary';
export type { TaskManagerSetupContract } from './plugin';
