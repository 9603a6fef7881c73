// Runs plugins through Kibana's lifecycle: initialise, setup and start in dependency order, stop in reverse.
import type {
  CoreSetup,
  CoreStart,
  Logger,
  Plugin,
  PluginInitializerContext,
} from '@kbn/core/server';
import type { PluginModule } from './load_plugin_module';

type AnyPlugin = Plugin<unknown, unknown, Record<string, unknown>, Record<string, unknown>>;

interface RunningPlugin {
  module: PluginModule;
  instance: AnyPlugin;
  resolveStart: (value: [CoreStart, Record<string, unknown>, unknown]) => void;
  started: boolean;
}

/** What each plugin's setup gets from core, built per plugin (getStartServices is its own). */
export type CoreSetupFactory = (
  pluginId: string,
  getStartServices: CoreSetup['getStartServices']
) => CoreSetup;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class PluginsSystem {
  private readonly running: RunningPlugin[] = [];
  private readonly setupContracts = new Map<string, unknown>();
  private readonly startContracts = new Map<string, unknown>();

  /** @param modules - already in dependency order */
  constructor(
    private readonly modules: PluginModule[],
    private readonly logger: Logger
  ) {}

  get pluginIds(): string[] {
    return this.running
      .filter((plugin) => plugin.started)
      .map((plugin) => plugin.module.manifest.id);
  }

  /** Calls each initializer, then each `setup`, with the contracts of its dependencies. */
  async setup(
    contextFor: (module: PluginModule) => PluginInitializerContext,
    coreSetupFor: CoreSetupFactory
  ): Promise<void> {
    for (const module of this.modules) {
      const { id } = module.manifest;
      const instance = (await this.call(id, 'initialization', () =>
        module.initializer(contextFor(module))
      )) as AnyPlugin;
      let resolveStart!: RunningPlugin['resolveStart'];
      const started = new Promise<[CoreStart, Record<string, unknown>, unknown]>((resolve) => {
        resolveStart = resolve;
      });
      this.running.push({ module, instance, resolveStart, started: false });
      const core = coreSetupFor(id, () => started as never);
      const deps = this.dependencyContracts(module, this.setupContracts);
      const contract = await this.call(id, 'setup', () => instance.setup(core as never, deps));
      this.setupContracts.set(id, contract);
    }
  }

  /** Calls each `start`; resolves that plugin's `getStartServices()` right after. */
  async start(coreStart: CoreStart): Promise<void> {
    for (const plugin of this.running) {
      const { id } = plugin.module.manifest;
      const deps = this.dependencyContracts(plugin.module, this.startContracts);
      const contract = await this.call(id, 'start', () => plugin.instance.start(coreStart, deps));
      this.startContracts.set(id, contract);
      plugin.started = true;
      plugin.resolveStart([coreStart, deps, contract]);
    }
  }

  /** The start contract of a started plugin, if it runs. */
  getStartContract(id: string): unknown {
    return this.startContracts.get(id);
  }

  /** Stops every plugin that was set up, last first; a failing stop is logged, not fatal. */
  async stop(): Promise<void> {
    for (const plugin of [...this.running].reverse()) {
      const { id } = plugin.module.manifest;
      try {
        await plugin.instance.stop?.();
      } catch (error: unknown) {
        this.logger.error(`Plugin "${id}" failed to stop: ${describe(error)}`);
      }
    }
    this.running.length = 0;
  }

  private dependencyContracts(module: PluginModule, contracts: Map<string, unknown>) {
    const { requiredPlugins, optionalPlugins } = module.manifest;
    const ids = [...requiredPlugins, ...optionalPlugins].filter((id) => contracts.has(id));
    return Object.fromEntries(ids.map((id) => [id, contracts.get(id)]));
  }

  private async call<T>(id: string, phase: string, run: () => T | Promise<T>): Promise<T> {
    let result: T | Promise<T>;
    try {
      result = run();
      if (phase !== 'initialization' && result instanceof Promise) {
        this.logger.warn(`Plugin "${id}" returns a promise from ${phase}; Kibana plugins must not`);
      }
      return await result;
    } catch (error: unknown) {
      const failure = new Error(`Plugin "${id}" failed during ${phase}: ${describe(error)}`);
      (failure as Error & { cause?: unknown }).cause = error;
      throw failure;
    }
  }
}
