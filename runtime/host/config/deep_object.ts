// Plain-object helpers for config: expand `a.b: 1` keys into nesting, deep-merge, and read by path.

export type ConfigObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ 'a.b': 1 }` -> `{ a: { b: 1 } }`, recursively, as Kibana reads its YAML. */
export function expandDottedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expandDottedKeys);
  if (!isPlainObject(value)) return value;
  let result: ConfigObject = {};
  for (const [key, item] of Object.entries(value)) {
    const nested = key
      .split('.')
      .reduceRight<unknown>((inner, part) => ({ [part]: inner }), expandDottedKeys(item));
    result = deepMerge(result, nested as ConfigObject);
  }
  return result;
}

/** Later sources win; objects merge key by key, anything else (arrays included) is replaced. */
export function deepMerge(base: ConfigObject, ...overrides: ConfigObject[]): ConfigObject {
  const result: ConfigObject = { ...base };
  for (const override of overrides) {
    for (const [key, value] of Object.entries(override)) {
      const current = result[key];
      result[key] =
        isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
    }
  }
  return result;
}

export function getAtPath(config: ConfigObject, path: readonly string[]): unknown {
  let current: unknown = config;
  for (const part of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** Every leaf key of `value` as a dotted path (an empty object counts as a leaf). */
export function leafKeys(value: unknown, prefix: string[] = []): string[] {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return [prefix.join('.')];
  return Object.entries(value).flatMap(([key, item]) => leafKeys(item, [...prefix, key]));
}
