// Integration tests' access to the runtime's Task Manager, so plugin tests need no runtime/ path.
export {
  createConsoleLogger,
  createCoreSetup,
  createCoreStart,
  createInitContext,
} from '../runtime/task_manager/server/test_utils';
export { TaskManagerPlugin } from '../runtime/task_manager/server/plugin';
