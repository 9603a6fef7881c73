// The settings table of dispatcher/README.md against the schema: every key, its variable, its default.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema, envNameOf } from './config';

interface Described {
  type: string;
  keys?: Record<string, Described>;
  flags?: { default?: unknown; presence?: string };
}

function settings(described: Described, prefix: string[] = []): Array<[string, string]> {
  return Object.entries(described.keys ?? {}).flatMap(([name, child]) => {
    const path = [...prefix, name];
    if (child.type === 'object' && child.keys) return settings(child, path);
    const { default: value, presence } = child.flags ?? {};
    const shown =
      presence === 'required'
        ? 'required'
        : value === undefined
          ? 'none'
          : `\`${JSON.stringify(value)}\``;
    return [[path.join('.'), shown]];
  });
}

describe('dispatcher/README.md settings table', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const rows = new Map(
    [...readme.matchAll(/^\| `([a-z_.]+)` +\| `([A-Z_]+)` +\| ([^|]+?) +\| [^|]+\|$/gm)].map(
      ([, key, variable, shown]) => [key, { variable, shown }]
    )
  );
  const keys = settings(configSchema.describe() as Described);

  it.each(keys)('documents %s with its variable and default', (key, shown) => {
    expect(rows.get(key)).toEqual({ variable: envNameOf(key), shown });
  });

  it('documents no key the schema does not have', () => {
    expect([...rows.keys()].sort()).toEqual(keys.map(([key]) => key).sort());
  });
});
