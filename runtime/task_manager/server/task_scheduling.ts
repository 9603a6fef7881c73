// Scheduling API of the start contract: schedule, bulkSchedule, ensureScheduled and runSoon, as Kibana's.
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
import type { NewTask, TaskStore } from './task_store';
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
    const now = new Date();
    const prepared = await this.prepare(taskInstance, options?.request, now);
    let created;
    try {
      created = await this.deps.store.create(prepared.task, prepared.id, now);
    } catch (caught) {
      await this.invalidateUnstored([prepared]);
      throw caught;
    }
    this.deps.requestImmediateClaim?.(options?.requestImmediateClaim === true);
    return created;
  }

  /**
   * Stores new tasks in one bulk create, each validated and (given a request) keyed as
   * `schedule` would; a task refused before the write fails the whole call, as in Kibana.
   * Answers the tasks stored, in order; one the write refused (its id taken, ...) is left out
   * and logged. Kibana's newest spreads recurring tasks' first runs over up to 5 minutes: not
   * mirrored, a task keeps the `runAt` it was given.
   * Kibana: x-pack/platform/plugins/shared/task_manager/server/task_scheduling.ts (bulkSchedule)
   */
  public async bulkSchedule(
    taskInstances: TaskInstanceWithDeprecatedFields[],
    options?: ScheduleOptions
  ): Promise<ConcreteTaskInstance[]> {
    const now = new Date();
    const settled = await Promise.allSettled(
      taskInstances.map((task) => this.prepare(task, options?.request, now))
    );
    const prepared = settled.flatMap((item) => (item.status === 'fulfilled' ? [item.value] : []));
    const invalid = settled.find((item) => item.status === 'rejected');
    if (invalid) {
      await this.invalidateUnstored(prepared);
      throw invalid.reason;
    }
    let results;
    try {
      results = await this.deps.store.bulkCreate(prepared, now);
    } catch (caught) {
      await this.invalidateUnstored(prepared);
      throw caught;
    }
    const refused = prepared.filter((_task, i) => !results[i].ok);
    for (const result of results) {
      if (!result.ok) {
        this.deps.logger.error(
          `Could not schedule task [${result.id}] (${result.status}): ${result.error}`
        );
      }
    }
    await this.invalidateUnstored(refused);
    this.deps.requestImmediateClaim?.(options?.requestImmediateClaim === true);
    return results.flatMap((result) => (result.ok ? [result.task] : []));
  }

  /** The task to store: validated, its first run computed, keyed when given a request. */
  private async prepare(
    taskInstance: TaskInstanceWithDeprecatedFields,
    request: KibanaRequest | undefined,
    now: Date
  ): Promise<NewTask & { keyed?: ApiKeyAndUserScope }> {
    const task = correctDeprecatedFields(taskInstance);
    const definition = this.deps.definitions.ensureHas(task.taskType);
    validateSchedule(task.schedule);
    if (definition.paramsSchema) definition.paramsSchema.validate(task.params ?? {});
    const keyed = request ? await this.apiKeyFor(task, request) : undefined;
    const userScope = request
      ? (keyed?.userScope ?? {
          // security off: no API key, only the space to rebuild the request from
          apiKeyId: '',
          apiKeyCreatedByUser: false,
          spaceId: this.deps.getSpaceId(request),
        })
      : task.userScope;
    return {
      id: task.id ?? randomUUID(),
      keyed,
      task: {
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
    };
  }

  /** A key made for a task that was not stored would never be invalidated. */
  private async invalidateUnstored(tasks: Array<{ keyed?: ApiKeyAndUserScope }>): Promise<void> {
    const ids = tasks.flatMap(({ keyed }) =>
      keyed && !keyed.userScope.apiKeyCreatedByUser ? [keyed.userScope.apiKeyId] : []
    );
    if (ids.length === 0) return;
    await this.deps.security.authc.apiKeys.invalidateAsInternalUser({ ids });
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
