// Scheduling API of the start contract: schedule, ensureScheduled and runSoon, as Kibana's.
import { randomUUID } from 'node:crypto';
import type { KibanaRequest, Logger, SecurityServiceStart } from '@kbn/core/server';
import { TaskStatus } from '@kbn/task-manager-plugin/server';
import type { RunSoonResult } from '@kbn/task-manager-plugin/server/task_scheduling';
import type {
  ConcreteTaskInstance,
  ScheduleOptions,
  TaskInstance,
  TaskInstanceWithDeprecatedFields,
  TaskInstanceWithId,
} from '@kbn/task-manager-plugin/server/task';
import {
  getFirstRunAt,
  parseIntervalAsMillisecond,
  validateSchedule,
} from '../../../common/task_schedule';
import { isTaskConflictError, toError } from './errors';
import { getApiKeyAndUserScope, type ApiKeyAndUserScope } from './lib/api_key_utils';
import type { TaskStore } from './task_store';
import type { TaskTypeDictionary } from './task_type_dictionary';

export interface TaskSchedulingDeps {
  store: TaskStore;
  definitions: TaskTypeDictionary;
  logger: Logger;
  /** the space a request was made in */
  getSpaceId: (request: KibanaRequest) => string;
  /** ids of the tasks running on this node */
  isRunningHere: (id: string) => boolean;
  /** `core.security`: API keys for tasks scheduled with a request */
  security: SecurityServiceStart;
  /** whether Encrypted Saved Objects has a key to store API keys with */
  canEncrypt: boolean;
  /**
   * Asks for a claim cycle now; called after a schedule or runSoon that requests an immediate
   * claim. @defaultValue none (no claim nudges)
   */
  requestImmediateClaim?: (requested: boolean) => void;
}

/** A task asked to run now is already running. */
export class TaskAlreadyRunningError extends Error {
  public readonly statusCode = 409;
  constructor(id: string) {
    super(`Failed to run task "${id}" as it is currently running`);
    this.name = 'TaskAlreadyRunningError';
  }
}

/** Moves the deprecated top-level `interval` into `schedule`. */
function correctDeprecatedFields(task: TaskInstanceWithDeprecatedFields): TaskInstance {
  const { interval, numSkippedRuns: _skipped, ...rest } = task;
  if (interval && !rest.schedule) return { ...rest, schedule: { interval } };
  return rest;
}

export class TaskScheduling {
  constructor(private readonly deps: TaskSchedulingDeps) {}

  /**
   * Stores a new task (enabled unless told otherwise, due at its `runAt` or now). Given a
   * request, the task keeps its space in `userScope` so its runs get a matching fakeRequest.
   */
  public async schedule(
    taskInstance: TaskInstanceWithDeprecatedFields,
    options?: ScheduleOptions
  ): Promise<ConcreteTaskInstance> {
    const task = correctDeprecatedFields(taskInstance);
    const definition = this.deps.definitions.ensureHas(task.taskType);
    validateSchedule(task.schedule);
    if (definition.paramsSchema) definition.paramsSchema.validate(task.params ?? {});
    const now = new Date();
    const keyed = options?.request ? await this.apiKeyFor(task, options.request) : undefined;
    const userScope = options?.request
      ? (keyed?.userScope ?? {
          // security off: no API key, only the space to rebuild the request from
          apiKeyId: '',
          apiKeyCreatedByUser: false,
          spaceId: this.deps.getSpaceId(options.request),
        })
      : task.userScope;
    const create = this.deps.store.create(
      {
        ...task,
        params: task.params ?? {},
        state: task.state ?? {},
        traceparent: task.traceparent ?? '',
        enabled: task.enabled ?? true,
        scheduledAt: task.scheduledAt ?? now,
        runAt: getFirstRunAt(task, now),
        ...(userScope ? { userScope } : {}),
        ...(keyed ? { apiKey: keyed.apiKey } : {}),
      },
      task.id ?? randomUUID(),
      now
    );
    try {
      const created = await create;
      this.deps.requestImmediateClaim?.(options?.requestImmediateClaim === true);
      return created;
    } catch (caught) {
      // a key made for a task that was not stored would never be invalidated
      if (keyed && !keyed.userScope.apiKeyCreatedByUser) {
        await this.deps.security.authc.apiKeys.invalidateAsInternalUser({
          ids: [keyed.userScope.apiKeyId],
        });
      }
      throw caught;
    }
  }

  /**
   * With security on, the API key the task runs with; refused before any key is made when it
   * could not be stored encrypted.
   * Kibana: x-pack/platform/plugins/shared/task_manager/server/task_store.ts (schedule)
   */
  private async apiKeyFor(
    task: TaskInstance,
    request: KibanaRequest
  ): Promise<ApiKeyAndUserScope | undefined> {
    const { security, canEncrypt } = this.deps;
    if (!(await security.authc.apiKeys.areAPIKeysEnabled())) return undefined;
    if (!canEncrypt) {
      throw new Error(
        'Unable to schedule task(s) with API keys because the Encrypted Saved Objects plugin has not been registered or is missing encryption key.'
      );
    }
    return getApiKeyAndUserScope(task.taskType, request, security, this.deps.getSpaceId(request));
  }

  /**
   * Schedules a task with a fixed id, or leaves the existing one, updating its interval when it
   * is idle with another one.
   */
  public async ensureScheduled(
    taskInstance: TaskInstanceWithId,
    options?: ScheduleOptions
  ): Promise<TaskInstanceWithId> {
    try {
      return await this.schedule(taskInstance, options);
    } catch (caught) {
      if (!isTaskConflictError(caught)) throw caught;
      const interval = taskInstance.schedule?.interval;
      if (interval) await this.updateInterval(taskInstance.id, interval);
      return taskInstance;
    }
  }

  private async updateInterval(id: string, interval: string): Promise<void> {
    try {
      const task = await this.deps.store.get(id);
      if (task.status !== TaskStatus.Idle || task.schedule?.interval === interval) return;
      // keep the same distance to the last scheduled run, under the new interval
      const previous = task.schedule?.interval
        ? parseIntervalAsMillisecond(task.schedule.interval)
        : 0;
      const runAt = new Date(
        Math.max(Date.now(), task.runAt.getTime() - previous + parseIntervalAsMillisecond(interval))
      );
      await this.deps.store.update({ ...task, schedule: { interval }, runAt });
    } catch (caught) {
      const status = (caught as { statusCode?: number }).statusCode;
      if (status === 409 || status === 404) return;
      throw new Error(
        `Tried to update schedule for existing task "${id}" but failed with error: ${toError(caught).message}`
      );
    }
  }

  /** Makes an idle task due now; a running one only with `force` when it is not running here. */
  public async runSoon(
    taskId: string,
    force = false,
    options: { requestImmediateClaim?: boolean } = {}
  ): Promise<RunSoonResult> {
    const task = await this.deps.store.get(taskId);
    if (task.status === TaskStatus.Unrecognized) {
      throw new Error(`Failed to run task "${taskId}" with status ${task.status}`);
    }
    let forced = false;
    if (task.status === TaskStatus.Claiming || task.status === TaskStatus.Running) {
      if (!force || task.status === TaskStatus.Claiming || this.deps.isRunningHere(taskId)) {
        throw new TaskAlreadyRunningError(taskId);
      }
      forced = true;
    }
    const now = new Date();
    try {
      await this.deps.store.update({
        ...task,
        status: TaskStatus.Idle,
        scheduledAt: now,
        runAt: now,
      });
    } catch (caught) {
      if (!isTaskConflictError(caught)) throw caught;
      this.deps.logger.debug(
        `Failed to update the task (${taskId}) for runSoon due to conflict (409)`
      );
    }
    this.deps.requestImmediateClaim?.(options.requestImmediateClaim === true);
    return { id: task.id, forced };
  }
}
