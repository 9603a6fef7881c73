// Mirrors the `type-detect` package that src/platform/packages/shared/kbn-config-schema uses for messages (elastic/kibana)

/**
 * Names the runtime type of a value the way `type-detect` does in Kibana's error messages:
 * primitives by `typeof`, `null`, and objects by their tag (`Object`, `Array`, `Date`, ...).
 */
export function typeDetect(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'Array';
  }
  if (typeof value === 'object') {
    return Object.prototype.toString.call(value).slice(8, -1);
  }
  return typeof value;
}
