// Reads a plugin's kibana.jsonc (JSON with comments) into the fields the host needs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';

export interface PluginManifest {
  /** the plugin id, e.g. `taskManager` */
  id: string;
  /** the folder holding kibana.jsonc */
  dir: string;
  /** where its settings live, e.g. `['xpack', 'task_manager']` */
  configPath: string[];
  requiredPlugins: string[];
  optionalPlugins: string[];
  /** whether the plugin has a `server/index.ts` to load */
  server: boolean;
  /** whether the plugin has a `public/index.ts`, bundled for the browser */
  browser: boolean;
}

function stringList(value: unknown, field: string, file: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new Error(`${file}: plugin.${field} must be a list of plugin ids`);
  }
  return value as string[];
}

/** snake_case of the id, Kibana's default config path for a plugin without `configPath`. */
function defaultConfigPath(id: string): string[] {
  return [id.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()];
}

export function readManifest(dir: string): PluginManifest {
  const file = join(dir, 'kibana.jsonc');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`No plugin manifest at ${file}: ${reason}`);
  }
  const errors: ParseError[] = [];
  const manifest = parse(text, errors, { allowTrailingComma: true }) as Record<string, unknown>;
  if (errors.length > 0) {
    const first = errors[0];
    throw new Error(`${file}: ${printParseErrorCode(first.error)} at offset ${first.offset}`);
  }
  const plugin = manifest?.plugin as Record<string, unknown> | undefined;
  if (manifest?.type !== 'plugin' || typeof plugin?.id !== 'string') {
    throw new Error(`${file}: expected { "type": "plugin", "plugin": { "id": ... } }`);
  }
  const configPath = plugin.configPath ?? defaultConfigPath(plugin.id);
  return {
    id: plugin.id,
    dir,
    configPath:
      typeof configPath === 'string'
        ? configPath.split('.')
        : stringList(configPath, 'configPath', file),
    requiredPlugins: stringList(plugin.requiredPlugins, 'requiredPlugins', file),
    optionalPlugins: stringList(plugin.optionalPlugins, 'optionalPlugins', file),
    server: plugin.server === true,
    // Kibana's manifests say `browser`; the older `ui` means the same.
    browser: plugin.browser === true || plugin.ui === true,
  };
}
