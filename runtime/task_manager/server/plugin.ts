// The `taskManager` plugin of the runtime: Kibana's Task Manager contracts over the task index.
import type {
  CoreSetup,
  CoreStart,
  KibanaRequest,
  Logger,
  Plugin,
  PluginInitializerContext,
} from '@kbn/core/server';
import type {
  TaskManagerSetupContract,
  TaskManagerStartContract,
} from '@kbn/task-manager-plugin/server';
import type { SpacesPluginStart } from '@kbn/spaces-plugin/server';
import type {
  EncryptedSavedObjectsPluginSetup,
  EncryptedSavedObjectsPluginStart,
} from '../../encrypted_saved_objects/server';
import type { TaskManagerConfig } from './config';
import { isTaskNotFoundError, toError } from './errors';
import { defaultFakeRequestFactory, getSpaceIdFromPath } from './fake_request_factory';
import type { FakeRequestFactory } from './fake_request_factory';
import { TaskPollingLifecycle } from './polling_lifecycle';
import type { EphemeralRunOptions, EphemeralRunResult, EphemeralTask } from './polling_lifecycle';
import { TaskScheduling } from './task_scheduling';
import { TaskStore } from './task_store';
import { TaskTypeDictionary } from './task_type_dictionary';

/**
 * The start contract of the runtime's Task Manager: Kibana 9's, plus Kibana 8's
 * `ephemeralRunNow` (run a task on this node now, without storing it). Runtime-only extension:
 * an optional second argument `{ abortController?, request? }` — the run is aborted with that
 * controller (so a caller's shutdown or timeout stops it at once) and gets that fake request.
 * Kibana 8's `ephemeralRunNow(task)` takes the task only; callers must not depend on it there.
 */
export type RuntimeTaskManagerStart = TaskManagerStartContract & {
  ephemeralRunNow: (
    task: EphemeralTask,
    options?: EphemeralRunOptions
  ) => Promise<EphemeralRunResult>;
};

export interface TaskManagerPluginsSetup {
  encryptedSavedObjects?: EncryptedSavedObjectsPluginSetup;
}

export interface TaskManagerPluginsStart {
  spaces?: SpacesPluginStart;
  encryptedSavedObjects?: EncryptedSavedObjectsPluginStart;
}

/** The saved-object type of tasks, whose `apiKey` Encrypted Saved Objects encrypts. */
const TASK_SO_TYPE = 'task';

export interface TaskManagerPluginOptions {
  /** builds the fakeRequest of runs. @defaultValue {@link defaultFakeRequestFactory} */
  fakeRequestFactory?: FakeRequestFactory;
  /**
   * The time claims find due tasks at and finishes compute next runs from: tests move it
   * across a DST night that real time cannot cross. @defaultValue the process clock, and
   * Elasticsearch's `now` for which tasks are due (as Kibana)
   */
  clock?: () => Date;
}

export class TaskManagerPlugin implements Plugin<
  TaskManagerSetupContract,
  RuntimeTaskManagerStart,
  TaskManagerPluginsSetup,
  TaskManagerPluginsStart
> {
  private readonly logger: Logger;
  private readonly config: TaskManagerConfig;
  private readonly nodeUuid: string;
  private readonly claimingEnabled: boolean;
  private readonly definitions = new TaskTypeDictionary();
  private fakeRequestFactory: FakeRequestFactory;
  private lifecycle?: TaskPollingLifecycle;
  private canEncrypt = false;
  private readonly clock?: () => Date;

  constructor(initContext: PluginInitializerContext, options: TaskManagerPluginOptions = {}) {
    this.logger = initContext.logger.get();
    this.config = initContext.config.get<TaskManagerConfig>();
    this.nodeUuid = initContext.env.instanceUuid;
    this.fakeRequestFactory = options.fakeRequestFactory ?? defaultFakeRequestFactory;
    this.clock = options.clock;
    // Kibana 9 claims only on nodes with the `background_tasks` role; push mode turns it off too
    this.claimingEnabled =
      initContext.node.roles.backgroundTasks && !this.config.unsafe.disable_task_claiming;
  }

  /** Lets the host build fakeRequests its own way (e.g. with its base path service). */
  public setFakeRequestFactory(factory: FakeRequestFactory): void {
    this.fakeRequestFactory = factory;
  }

  /** Whether this node claims tasks (pull mode). */
  public get isClaiming(): boolean {
    return this.claimingEnabled;
  }

  /** Whether a poll is pending or running; false after stop(). */
  public get isPolling(): boolean {
    return this.lifecycle?.isPolling ?? false;
  }

  public setup(_core: CoreSetup, plugins: TaskManagerPluginsSetup = {}): TaskManagerSetupContract {
    // Kibana: x-pack/platform/plugins/shared/task_manager/server/plugin.ts (registerType of `task`)
    plugins.encryptedSavedObjects?.registerType({
      type: TASK_SO_TYPE,
      attributesToEncrypt: new Set(['apiKey']),
    });
    this.canEncrypt = plugins.encryptedSavedObjects?.canEncrypt ?? false;
    return {
      index: this.config.index,
      registerTaskDefinitions: (taskDefinitions) => {
        this.definitions.registerTaskDefinitions(taskDefinitions);
      },
    };
  }

  public start(core: CoreStart, plugins: TaskManagerPluginsStart = {}): RuntimeTaskManagerStart {
    const eso = plugins.encryptedSavedObjects;
    const canEncrypt = this.canEncrypt && eso !== undefined;
    const store = new TaskStore(
      core.elasticsearch.client.asInternalUser,
      this.config.index,
      canEncrypt
        ? {
            encrypt: (id, apiKey) =>
              eso.encryptAttribute({ type: TASK_SO_TYPE, id }, 'apiKey', apiKey),
            decrypt: (id, encrypted) =>
              eso.decryptAttribute({ type: TASK_SO_TYPE, id }, 'apiKey', encrypted),
            invalidate: async (ids) => {
              await core.security.authc.apiKeys.invalidateAsInternalUser({ ids });
            },
          }
        : undefined
    );
    // Creates the index once; a failure (Elasticsearch not up yet) is retried by the next call.
    let ready: Promise<void> | undefined;
    const ensureReady = (): Promise<void> =>
      (ready ??= store.ensureIndex().catch((caught: unknown) => {
        ready = undefined;
        throw caught;
      }));
    const lifecycle = new TaskPollingLifecycle({
      store,
      definitions: this.definitions,
      config: this.config,
      nodeUuid: this.nodeUuid,
      logger: this.logger,
      getFakeRequestFactory: () => this.fakeRequestFactory,
      beforePoll: ensureReady,
      clock: this.clock,
    });
    this.lifecycle = lifecycle;
    const scheduling = new TaskScheduling({
      store,
      definitions: this.definitions,
      logger: this.logger,
      getSpaceId: (request: KibanaRequest) =>
        plugins.spaces?.spacesService.getSpaceId(request) ??
        getSpaceIdFromPath(request.url.pathname),
      isRunningHere: (id) => lifecycle.pool.has(id),
      security: core.security,
      canEncrypt,
      requestImmediateClaim: (requested) => {
        if (this.claimingEnabled && (requested || this.config.request_immediate_claim)) {
          lifecycle.requestImmediateClaim();
        }
      },
    });

    ensureReady().then(
      () => this.logger.debug(`Task index ${store.index} ready`),
      (caught: unknown) =>
        this.logger.error(
          `Could not create the task index ${store.index}: ${toError(caught).message}`
        )
    );
    this.logger.info(`Task claiming is ${this.claimingEnabled ? 'on' : 'off (push mode)'}`);
    if (this.claimingEnabled) lifecycle.startPolling();

    const whenReady =
      <Args extends unknown[], R>(fn: (...args: Args) => Promise<R>) =>
      async (...args: Args): Promise<R> => {
        await ensureReady();
        return fn(...args);
      };

    return {
      schedule: whenReady((task, options) => scheduling.schedule(task, options)),
      bulkSchedule: whenReady((tasks, options) => scheduling.bulkSchedule(tasks, options)),
      ensureScheduled: whenReady((task, options) => scheduling.ensureScheduled(task, options)),
      runSoon: whenReady((id: string, force?: boolean) => scheduling.runSoon(id, force)),
      get: whenReady((id: string) => store.get(id)),
      fetch: whenReady((opts) => store.fetch(opts)),
      remove: whenReady((id: string) => store.remove(id)),
      bulkRemove: whenReady((ids: string[]) => store.bulkRemove(ids)),
      removeIfExists: whenReady(async (id: string) => {
        try {
          await store.remove(id);
        } catch (caught) {
          if (!isTaskNotFoundError(caught)) throw caught;
        }
      }),
      getRegisteredTypes: () => this.definitions.getAllTypes(),
      ephemeralRunNow: (task: EphemeralTask, options?: EphemeralRunOptions) =>
        lifecycle.runEphemeral(task, options),
    };
  }

  /** Stops claiming, aborts runs in progress and waits for them; leaves no timer behind. */
  public async stop(): Promise<void> {
    await this.lifecycle?.stop();
  }
}
