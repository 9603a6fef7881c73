// Reads config overrides from the environment: KBN_CONFIG (a JSON object) and KBN_<dotted.key> variables.
import { deepMerge, expandDottedKeys, isPlainObject } from './deep_object';
import type { ConfigObject } from './deep_object';

const KEY_PREFIX = 'KBN_';
const JSON_VARIABLE = 'KBN_CONFIG';

/** `"1000"` -> 1000, `"true"` -> true, `'["a"]'` -> ["a"]; anything not JSON stays a string. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Overrides from `env`, `KBN_CONFIG` first, then `KBN_<key>` variables on top. The key keeps
 * its case; `.` or `__` separates its parts: `KBN_server.port=5602`, `KBN_server__port=5602`,
 * `KBN_xpack__task_manager__poll_interval=1000`.
 */
export function readEnvOverrides(env: NodeJS.ProcessEnv = process.env): ConfigObject {
  let result: ConfigObject = {};
  const json = env[JSON_VARIABLE];
  if (json !== undefined && json.trim() !== '') {
    const parsed = parseValue(json);
    if (!isPlainObject(parsed)) {
      throw new Error(`${JSON_VARIABLE} must hold a JSON object, got: ${json.slice(0, 80)}`);
    }
    result = expandDottedKeys(parsed) as ConfigObject;
  }
  const keyed = Object.keys(env)
    .filter((name) => name.startsWith(KEY_PREFIX) && name !== JSON_VARIABLE)
    .sort();
  for (const name of keyed) {
    const key = name.slice(KEY_PREFIX.length).replace(/__/g, '.');
    if (key === '') continue;
    result = deepMerge(
      result,
      expandDottedKeys({ [key]: parseValue(env[name] ?? '') }) as ConfigObject
    );
  }
  return result;
}
