// Lets plugins outside the repository import `@kbn/*` and this plugin's package, as inside Kibana.
import { readFileSync, realpathSync } from 'node:fs';
import Module from 'node:module';
import { isAbsolute, join, relative } from 'node:path';
import { REPO_ROOT } from '../repo_root';

// Node resolves a bare import from the importing file's folder upwards, so a plugin folder
// outside the clone never reaches the clone's node_modules. Kibana's plugins always get Kibana's
// own `@kbn/*`; a resolve hook on Node's CJS loader (the one tsx compiles through) does the same
// for the plugin folders the host loads. Not NODE_PATH: it is read once at Node's start, serves
// every file, and cannot map this package's `exports`; the hook writes no file either.

interface PackageJson {
  name: string;
  exports: Record<string, string>;
}

type ResolveFilename = (
  request: string,
  parent: { filename?: string | null } | undefined,
  isMain: boolean,
  options?: { paths?: string[] }
) => string;

const outOfTreeRoots = new Set<string>();
let installed = false;

function isInside(dir: string, file: string): boolean {
  const path = relative(dir, file);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

function realpathOf(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** `@kbn/background-tasks-plugin/server` → this repository's `server/index.ts`, by its `exports`. */
function packageEntries(): { name: string; entries: Map<string, string> } {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
  const entries = new Map(
    Object.entries(pkg.exports).map(([subpath, target]) => [
      subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
      join(REPO_ROOT, target),
    ])
  );
  return { name: pkg.name, entries };
}

function isBare(request: string): boolean {
  return !request.startsWith('.') && !isAbsolute(request) && !request.startsWith('node:');
}

function install(): void {
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = loader._resolveFilename;
  const { name, entries } = packageEntries();
  const fromRepo = { paths: [REPO_ROOT] };

  loader._resolveFilename = function resolvePluginImport(request, parent, isMain, options) {
    const from = parent?.filename;
    if (!from || !isBare(request) || ![...outOfTreeRoots].some((dir) => isInside(dir, from))) {
      return original.call(this, request, parent, isMain, options);
    }
    const entry = entries.get(request);
    if (entry) return original.call(this, entry, parent, isMain, options);
    if (request === name || request.startsWith(`${name}/`)) {
      throw new Error(
        `Cannot import "${request}" from ${from}: ${name} exports ${[...entries.keys()].join(', ')}`
      );
    }
    // `@kbn/*` is always the host's (one config-schema, one core); other packages are the
    // plugin's own first, then the host's, as Kibana's node_modules serves its plugins.
    if (request.startsWith('@kbn/')) return original.call(this, request, parent, isMain, fromRepo);
    try {
      return original.call(this, request, parent, isMain, options);
    } catch (error: unknown) {
      if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
      return original.call(this, request, parent, isMain, fromRepo);
    }
  };
  installed = true;
}

/**
 * Makes `@kbn/*` and this repository's package resolvable from the files of the plugin in
 * `dir`, when it lies outside the repository (inside, Node's own lookup already finds them).
 * Applies to CommonJS loading, the way the host runs under tsx; Jest resolves on its own.
 */
export function registerPluginModuleResolution(dir: string): void {
  const root = realpathOf(dir);
  if (isInside(REPO_ROOT, root)) return;
  outOfTreeRoots.add(root);
  if (!installed) install();
}
