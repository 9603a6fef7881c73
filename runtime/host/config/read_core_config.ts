// Validates the core sections of a raw config, before plugins are known (it says where to find them).
import { validateConfig } from './validate_config';
import type { ConfigContext, ConfigSection } from './validate_config';
import { coreConfigSchemas } from './core_config';
import type { CoreConfig } from './core_config';
import type { ConfigObject } from './deep_object';

export const coreConfigSections: ConfigSection[] = Object.entries(coreConfigSchemas).map(
  ([key, schema]) => ({ path: [key], schema: schema as ConfigSection['schema'] })
);

/** Only the core sections; unknown keys are judged later, once plugins declared theirs. */
export function readCoreConfig(raw: ConfigObject, context: ConfigContext): CoreConfig {
  const coreOnly = Object.fromEntries(
    Object.keys(coreConfigSchemas)
      .filter((key) => key in raw)
      .map((key) => [key, raw[key]])
  );
  const values = validateConfig(coreOnly, coreConfigSections, context);
  return Object.fromEntries(values) as unknown as CoreConfig;
}
