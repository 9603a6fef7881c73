// Builds a Task Manager plugin outside the host, for tests: context, core contracts, a logger.
import { SECURITY_DISABLED } from '../../host/security/elasticsearch_security';
import { randomUUID } from 'node:crypto';
import { BehaviorSubject } from 'rxjs';
import type { Client } from '@elastic/elasticsearch';
import type {
  CoreSetup,
  CoreStart,
  LogLevelId,
  Logger,
  PluginInitializerContext,
} from '@kbn/core/server';
import type {
  TaskDefinitionRegistry,
  TaskManagerSetupContract,
} from '@kbn/task-manager-plugin/server';
import { configSchema } from './config';
import type { TaskManagerConfig } from './config';
import { TaskManagerPlugin } from './plugin';
import type { RuntimeTaskManagerStart } from './plugin';

const LEVELS: LogLevelId[] = ['all', 'trace', 'debug', 'info', 'warn', 'error', 'fatal', 'off'];

/**
 * A console logger printing records at `level` and above.
 * @param level - @defaultValue the TM_LOG_LEVEL environment variable, else 'error'
 */
export function createConsoleLogger(
  context = 'plugins.taskManager',
  level: LogLevelId = (process.env.TM_LOG_LEVEL as LogLevelId | undefined) ?? 'error'
): Logger {
  const enabled = (at: LogLevelId) => LEVELS.indexOf(at) >= LEVELS.indexOf(level);
  const write =
    (at: LogLevelId) =>
    (message: unknown): void => {
      if (!enabled(at)) return;
      const text = typeof message === 'function' ? message() : message;
      console.log(`[${at}][${context}] ${text instanceof Error ? text.message : String(text)}`);
    };
  return {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
    log: (record) => write(record.level.id)(record.message),
    isLevelEnabled: enabled,
    get: (...parts) => createConsoleLogger([context, ...parts].join('.'), level),
  };
}

export interface TestContextOptions {
  /** raw `xpack.task_manager` settings, validated by the config schema */
  config?: Record<string, unknown>;
  /** this node's id. @defaultValue a random UUID */
  instanceUuid?: string;
  /** whether `node.roles` includes `background_tasks`. @defaultValue true */
  backgroundTasks?: boolean;
}

export function createInitContext({
  config = {},
  instanceUuid = randomUUID(),
  backgroundTasks = true,
}: TestContextOptions = {}): PluginInitializerContext<TaskManagerConfig> {
  const config$ = new BehaviorSubject(configSchema.validate(config));
  return {
    opaqueId: Symbol('taskManager'),
    env: {
      mode: { name: 'development', dev: true, prod: false },
      packageInfo: {
        version: '9.3.0',
        branch: 'main',
        buildNum: 0,
        buildSha: 'test',
        buildShaShort: 'test',
        buildDate: new Date(0),
        buildFlavor: 'traditional',
        dist: false,
      },
      instanceUuid,
      configs: [],
    },
    node: { roles: { backgroundTasks, ui: true, migrator: false } },
    logger: {
      get: (...parts: string[]) => createConsoleLogger(['plugins.taskManager', ...parts].join('.')),
    },
    config: {
      create: <T>() => config$.asObservable() as never as import('rxjs').Observable<T>,
      get: <T>() => config$.getValue() as T,
    },
  };
}

/** Core setup with what Task Manager uses (nothing); other services throw when touched. */
export function createCoreSetup(): CoreSetup {
  return {
    elasticsearch: {},
    http: new Proxy(
      {},
      {
        get: () => {
          throw new Error('http is not available in this test');
        },
      }
    ),
    getStartServices: () => Promise.reject(new Error('not available in this test')),
  } as unknown as CoreSetup;
}

/** Core start whose internal-user client is `client`. */
export function createCoreStart(client: Client): CoreStart {
  return {
    elasticsearch: {
      client: {
        asInternalUser: client,
        asScoped: () => ({
          asInternalUser: client,
          asCurrentUser: client,
          asSecondaryAuthUser: client,
        }),
      },
    },
    http: {},
    security: SECURITY_DISABLED,
  } as unknown as CoreStart;
}

export interface TestTaskManager {
  plugin: TaskManagerPlugin;
  setup: TaskManagerSetupContract;
  start: RuntimeTaskManagerStart;
  instanceUuid: string;
}

/** A started Task Manager node (setup with `definitions`, then start) on `client`. */
export function startTestTaskManager(
  client: Client,
  definitions: TaskDefinitionRegistry,
  options: TestContextOptions = {}
): TestTaskManager {
  const instanceUuid = options.instanceUuid ?? randomUUID();
  const plugin = new TaskManagerPlugin(createInitContext({ ...options, instanceUuid }));
  const setup = plugin.setup(createCoreSetup());
  setup.registerTaskDefinitions(definitions);
  const start = plugin.start(createCoreStart(client));
  return { plugin, setup, start, instanceUuid };
}
