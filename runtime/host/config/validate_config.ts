// Validates every config section with its schema at its path and refuses keys nobody declares.
import type { Type } from '@kbn/config-schema';
import { InvalidConfigError } from './config_errors';
import { getAtPath, leafKeys } from './deep_object';
import type { ConfigObject } from './deep_object';

/** One schema and where its section lives, e.g. `['xpack', 'task_manager']`. */
export interface ConfigSection {
  path: readonly string[];
  schema: Type<unknown>;
}

/** Values handed to schemas, as Kibana's `${dev}`-style context. */
export interface ConfigContext {
  dev: boolean;
  prod: boolean;
  dist: boolean;
  serverless: boolean;
  version: string;
}

const isPrefix = (prefix: readonly string[], path: readonly string[]) =>
  prefix.length <= path.length && prefix.every((part, index) => part === path[index]);

function unknownKeys(raw: ConfigObject, sections: ConfigSection[]): string[] {
  return leafKeys(raw)
    .filter((key) => key !== '')
    .filter((key) => {
      const parts = key.split('.');
      // Claimed when inside a section, or an (empty) parent of one such as `xpack: {}`.
      return !sections.some((s) => isPrefix(s.path, parts) || isPrefix(parts, s.path));
    })
    .map((key) => `[${key}]: unknown configuration key; no plugin or core service declares it`);
}

/**
 * Returns each section's validated value keyed by its dotted path, or throws an
 * {@link InvalidConfigError} listing every failure as `[full.key.path]: reason`.
 */
export function validateConfig(
  raw: ConfigObject,
  sections: ConfigSection[],
  context: ConfigContext
): Map<string, unknown> {
  const problems = unknownKeys(raw, sections);
  const values = new Map<string, unknown>();
  for (const section of sections) {
    const key = section.path.join('.');
    try {
      const value = section.schema.validate(getAtPath(raw, section.path), { ...context }, key);
      values.set(key, value);
    } catch (error: unknown) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return values;
}
