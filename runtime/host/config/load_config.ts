// Assembles the raw host config: YAML file, then environment overrides, then programmatic ones.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { deepMerge, expandDottedKeys, isPlainObject } from './deep_object';
import type { ConfigObject } from './deep_object';
import { readEnvOverrides } from './env_overrides';

export interface LoadConfigOptions {
  /** YAML file to read; none means an empty base. */
  file?: string;
  /** environment to read `KBN_*` overrides from. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** applied last, e.g. from CLI flags or `startHost({ config })`; dotted keys allowed. */
  overrides?: ConfigObject;
}

export function readYamlConfig(file: string): ConfigObject {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot read the config file ${file}: ${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`The config file ${file} is not valid YAML: ${reason}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw new Error(`The config file ${file} must hold a YAML mapping`);
  return expandDottedKeys(parsed) as ConfigObject;
}

/** The merged raw config (not yet validated): file < KBN_CONFIG < KBN_<key> < overrides. */
export function loadConfig({
  file,
  env = process.env,
  overrides = {},
}: LoadConfigOptions): ConfigObject {
  const base = file ? readYamlConfig(file) : {};
  return deepMerge(base, readEnvOverrides(env), expandDottedKeys(overrides) as ConfigObject);
}
