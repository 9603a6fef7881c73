import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo_root';
import { registerPluginModuleResolution } from './register_plugin_module_resolution';

// Node's own resolver, as the host's `require` under tsx uses it (Jest's `require` does not).
const resolveFilename = (request: string, parentFile: string): string => {
  const parent = new Module(parentFile);
  parent.filename = parentFile;
  parent.paths = (
    Module as unknown as { _nodeModulePaths(dir: string): string[] }
  )._nodeModulePaths(join(parentFile, '..'));
  return (
    Module as unknown as { _resolveFilename(r: string, p: Module, isMain: boolean): string }
  )._resolveFilename(request, parent, false);
};

function writePackage(dir: string, name: string): void {
  mkdirSync(join(dir, 'node_modules', name), { recursive: true });
  writeFileSync(join(dir, 'node_modules', name, 'package.json'), '{"main": "index.js"}');
  writeFileSync(join(dir, 'node_modules', name, 'index.js'), '');
}

let root: string;
let pluginFile: string;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'bt-resolution-')));
  const plugin = join(root, 'my_plugin');
  mkdirSync(join(plugin, 'server'), { recursive: true });
  pluginFile = join(plugin, 'server', 'plugin.ts');
  writeFileSync(pluginFile, '');
  // the plugin's own copies: its own `yaml` wins, its own `@kbn/config-schema` does not
  writePackage(plugin, 'yaml');
  writePackage(plugin, '@kbn/config-schema');
  registerPluginModuleResolution(plugin);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

it("resolves @kbn/* from the repository, over a plugin's own copy", () => {
  expect(resolveFilename('@kbn/config-schema', pluginFile)).toBe(
    join(REPO_ROOT, 'packages', 'kbn-config-schema', 'index.ts')
  );
});

it("resolves the package's exports to this repository's entry points", () => {
  expect(resolveFilename('@kbn/background-tasks-plugin/server', pluginFile)).toBe(
    join(REPO_ROOT, 'server', 'index.ts')
  );
  expect(resolveFilename('@kbn/background-tasks-plugin/common', pluginFile)).toBe(
    join(REPO_ROOT, 'common', 'index.ts')
  );
  expect(() => resolveFilename('@kbn/background-tasks-plugin/runtime', pluginFile)).toThrow(
    '@kbn/background-tasks-plugin exports @kbn/background-tasks-plugin/server'
  );
});

it("prefers a plugin's own packages, then falls back to the repository's", () => {
  expect(resolveFilename('yaml', pluginFile)).toBe(
    join(root, 'my_plugin', 'node_modules', 'yaml', 'index.js')
  );
  expect(resolveFilename('rrule', pluginFile)).toContain(join(REPO_ROOT, 'node_modules', 'rrule'));
  expect(() => resolveFilename('no-such-package-anywhere', pluginFile)).toThrow(
    "Cannot find module 'no-such-package-anywhere'"
  );
});

it('leaves files outside the registered plugin folders to Node', () => {
  const other = join(root, 'other.ts');
  writeFileSync(other, '');
  expect(() => resolveFilename('@kbn/config-schema', other)).toThrow(
    "Cannot find module '@kbn/config-schema'"
  );
});
