// Finds the plugins to run: this repo's plugin, the runtime's own, examples/*, and configured paths.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../repo_root';
import { readManifest } from './read_manifest';
import type { PluginManifest } from './read_manifest';

export interface DiscoverOptions {
  /** include the default plugin folders. @defaultValue true */
  defaults: boolean;
  /** further plugin folders, relative to the repository root or absolute */
  paths: string[];
}

function defaultPluginDirs(): string[] {
  const examples = join(REPO_ROOT, 'examples');
  const exampleDirs = existsSync(examples)
    ? readdirSync(examples, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(examples, entry.name))
        .filter((dir) => existsSync(join(dir, 'kibana.jsonc')))
        .sort()
    : [];
  return [
    REPO_ROOT,
    join(REPO_ROOT, 'runtime', 'task_manager'),
    join(REPO_ROOT, 'runtime', 'encrypted_saved_objects'),
    join(REPO_ROOT, 'runtime', 'spaces'),
    join(REPO_ROOT, 'runtime', 'features'),
    ...exampleDirs,
  ];
}

/** Manifests of the server-side plugins, in discovery order; a duplicate id is an error. */
export function discoverPlugins(options: DiscoverOptions): PluginManifest[] {
  return discoverManifests(options).filter((manifest) => manifest.server);
}

/** Manifests of every plugin, server-side or browser-side, in discovery order. */
export function discoverManifests({ defaults, paths }: DiscoverOptions): PluginManifest[] {
  const dirs = [
    ...(defaults ? defaultPluginDirs() : []),
    ...paths.map((path) => resolve(REPO_ROOT, path)),
  ];
  const byId = new Map<string, PluginManifest>();
  for (const dir of new Set(dirs)) {
    const manifest = readManifest(dir);
    const previous = byId.get(manifest.id);
    if (previous) {
      throw new Error(`Plugin id "${manifest.id}" is declared twice: ${previous.dir} and ${dir}`);
    }
    byId.set(manifest.id, manifest);
  }
  return [...byId.values()];
}
