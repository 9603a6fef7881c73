// Starts the plugin on a real Elasticsearch with the runtime's Task Manager, isolated per test file.
import type { Client } from '@elastic/elasticsearch';
import { BehaviorSubject } from 'rxjs';
import type {
  CoreSetup,
  CoreStart,
  KibanaRequest,
  PluginInitializerContext,
} from '@kbn/core/server';
import { kibanaRequestFactory } from '@kbn/core-http-server-utils';
import { getSpaceIdFromPath } from '@kbn/spaces-plugin/common';
import type { SpacesPluginStart } from '@kbn/spaces-plugin/server';
// In a Kibana checkout this harness is the one file to swap for Kibana's test servers.
import {
  createConsoleLogger,
  createCoreSetup,
  createCoreStart,
  createInitContext,
} from '../runtime/task_manager/server/test_utils';
import { TaskManagerPlugin } from '../runtime/task_manager/server/plugin';
import { configSchema, type BackgroundTasksConfig } from '../server/config';
import {
  BackgroundTasksPlugin,
  type BackgroundTasksPluginSetup,
  type BackgroundTasksPluginStart,
} from '../server/plugin';
import { createTestEsClient, uniqueName } from './elasticsearch';

export interface Harness {
  client: Client;
  trackingIndex: string;
  taskIndex: string;
  config: BackgroundTasksConfig;
  start: BackgroundTasksPluginStart;
  plugin: BackgroundTasksPlugin;
  /** a user's request in `space` (the default space without one) */
  requestIn: (space?: string) => KibanaRequest;
  stop: () => Promise<void>;
}

export interface HarnessOptions {
  /** `xpack.background_tasks` settings */
  config?: Record<string, unknown>;
  /** registers task types through the plugin's setup contract */
  register: (setup: BackgroundTasksPluginSetup) => void;
  /** Task Manager's poll interval, ms. @defaultValue 100 */
  pollInterval?: number;
  /** Task Manager's capacity (5-50). @defaultValue 50 */
  capacity?: number;
  /** Task Manager's clock (see `TaskManagerPluginOptions.clock`). @defaultValue none */
  clock?: () => Date;
}

function pluginContext(config: BackgroundTasksConfig): PluginInitializerContext {
  const config$ = new BehaviorSubject(config);
  return {
    ...createInitContext(),
    logger: {
      get: (...parts: string[]) =>
        createConsoleLogger(['plugins.backgroundTasks', ...parts].join('.')),
    },
    config: {
      create: () => config$.asObservable(),
      get: () => config$.getValue(),
    },
  } as unknown as PluginInitializerContext;
}

const noop = () => undefined;

const spaces = {
  spacesService: {
    getSpaceId: (request: KibanaRequest) => getSpaceIdFromPath(request.url.pathname).spaceId,
  },
} as unknown as SpacesPluginStart;

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const client = createTestEsClient();
  const trackingIndex = uniqueName('.test-bt-tracking');
  const taskIndex = uniqueName('.test-bt-tasks');
  const config = configSchema.validate({ ...options.config, tracking_index: trackingIndex });

  const taskManager = new TaskManagerPlugin(
    createInitContext({
      config: {
        index: taskIndex,
        poll_interval: options.pollInterval ?? 100,
        capacity: options.capacity ?? 50,
      },
    }),
    { clock: options.clock }
  );
  const taskManagerSetup = taskManager.setup(createCoreSetup());
  const coreStart: CoreStart = {
    ...createCoreStart(client),
    http: {
      basePath: {
        serverBasePath: '',
        publicBaseUrl: undefined,
        get: () => '',
        prepend: (path: string) => path,
      },
      getServerInfo: () => ({ name: 'test', hostname: '127.0.0.1', port: 0, protocol: 'http' }),
    },
  } as unknown as CoreStart;
  const plugin = new BackgroundTasksPlugin(pluginContext(config));
  // Filled at start: getStartServices resolves only when runs need it.
  const own: { start?: BackgroundTasksPluginStart } = {};
  // Routes are tested elsewhere: the router only has to accept registrations here.
  const router = { routerPath: '', get: noop, post: noop, put: noop, patch: noop, delete: noop };
  const coreSetup = {
    ...createCoreSetup(),
    http: { createRouter: () => router, basePath: coreStart.http.basePath },
    getStartServices: async () => [coreStart, {}, own.start],
  } as unknown as CoreSetup<never, BackgroundTasksPluginStart>;

  options.register(plugin.setup(coreSetup, { taskManager: taskManagerSetup }));
  const taskManagerStart = taskManager.start(coreStart, { spaces });
  const start = plugin.start(coreStart, { taskManager: taskManagerStart, spaces });
  own.start = start;
  await start.getClientForSpace('default').list(); // waits for the tracking index

  return {
    client,
    trackingIndex,
    taskIndex,
    config,
    start,
    plugin,
    requestIn: (space) => {
      const path = space && space !== 'default' ? `/s/${space}/api/test` : '/api/test';
      return kibanaRequestFactory({
        headers: {},
        path,
        url: new URL(`http://localhost${path}`),
      });
    },
    stop: async () => {
      await plugin.stop();
      await taskManager.stop();
      await client.indices.delete({ index: [trackingIndex, taskIndex], ignore_unavailable: true });
      await client.close();
    },
  };
}
