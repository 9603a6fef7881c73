// Loads a plugin's `server/index.ts`: its `plugin` initializer and optional `config` descriptor.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginConfigDescriptor, PluginInitializer } from '@kbn/core/server';
import type { PluginManifest } from './read_manifest';
import { registerPluginModuleResolution } from './register_plugin_module_resolution';

export interface PluginModule {
  manifest: PluginManifest;
  initializer: PluginInitializer<
    unknown,
    unknown,
    Record<string, unknown>,
    Record<string, unknown>
  >;
  configDescriptor?: PluginConfigDescriptor;
}

export function loadPluginModule(manifest: PluginManifest): PluginModule {
  const entry = join(manifest.dir, 'server', 'index.ts');
  if (!existsSync(entry)) {
    throw new Error(`Plugin "${manifest.id}" declares a server part but ${entry} does not exist`);
  }
  registerPluginModuleResolution(manifest.dir);
  // Synchronous on purpose: the host runs under tsx or Jest, which both compile on require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(entry) as { plugin?: unknown; config?: PluginConfigDescriptor };
  if (typeof exported.plugin !== 'function') {
    throw new Error(
      `Plugin "${manifest.id}": ${entry} must export a \`plugin\` initializer function`
    );
  }
  if (exported.config !== undefined && typeof exported.config?.schema?.validate !== 'function') {
    throw new Error(`Plugin "${manifest.id}": the \`config\` export of ${entry} has no schema`);
  }
  return {
    manifest,
    initializer: exported.plugin as PluginModule['initializer'],
    configDescriptor: exported.config,
  };
}
