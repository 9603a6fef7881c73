// Brings a task's state up to its type's latest state schema version, as Kibana's validator does.
import type { Logger } from '@kbn/core/server';
import type { ConcreteTaskInstance, TaskDefinition } from '@kbn/task-manager-plugin/server/task';
import { toError } from '../errors';

/** The latest version of `definition.stateSchemaByVersion`, if it has any. */
export function latestStateVersion(definition: TaskDefinition | undefined): number | undefined {
  const versions = Object.keys(definition?.stateSchemaByVersion ?? {}).map(Number);
  return versions.length ? Math.max(...versions) : undefined;
}

/**
 * The task with its state migrated through each `up` from its `stateVersion` to the latest and
 * validated by the latest schema. An invalid state is logged and passed on unchanged, as Kibana
 * does by default (`allow_reading_invalid_state`).
 */
export function migrateTaskState(
  task: ConcreteTaskInstance,
  definition: TaskDefinition | undefined,
  logger: Logger
): ConcreteTaskInstance {
  const latest = latestStateVersion(definition);
  const byVersion = definition?.stateSchemaByVersion;
  if (latest == null || !byVersion) return task;
  const current = task.stateVersion;
  if (current != null && current >= latest) return task;
  try {
    let state = task.state as Record<string, unknown>;
    for (let version = current ?? 1; version <= latest; version++) {
      const entry = byVersion[version];
      if (entry) state = entry.up(state);
    }
    state = byVersion[latest].schema.validate(state) as Record<string, unknown>;
    return { ...task, state, stateVersion: latest };
  } catch (caught) {
    logger.warn(
      `Task (${task.taskType}/${task.id}) has an invalid state: ${toError(caught).message}`
    );
    return task;
  }
}
