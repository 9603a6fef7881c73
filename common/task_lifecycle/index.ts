// The task-lifecycle kernel: every transition of a Task Manager task document, pure.
export * from './claim';
export * from './expire';
export * from './finish';
export * from './max_attempts';
export * from './owner_id';
export * from './release';
export * from './run_result';
export * from './task_write';
