// Starts an in-process host with the fixture plugins and a fresh data folder, capturing its log.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getEsUrl } from '../../../test_helpers/elasticsearch';
import type { ConfigObject } from '../config/deep_object';
import { startHost } from '../start_host';
import type { HostHandle } from '../start_host';

export const FIXTURES = join(__dirname, 'fixtures');
export const FIXTURE_PLUGINS = [
  join(__dirname, '..', '..', 'spaces'),
  join(FIXTURES, 'provider_plugin'),
  join(FIXTURES, 'consumer_plugin'),
];

export interface FixtureHost extends HostHandle {
  logs: string[];
  dataDir: string;
  /** stops the host and removes its data folder */
  dispose(): Promise<void>;
}

export async function newDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kbn-host-test-'));
}

export function fixtureConfig(overrides: ConfigObject = {}): ConfigObject {
  return {
    'elasticsearch.hosts': getEsUrl(),
    'plugins.defaults': false,
    'plugins.paths': FIXTURE_PLUGINS,
    ...overrides,
  };
}

export async function startFixtureHost(
  overrides: ConfigObject = {},
  dataDir?: string
): Promise<FixtureHost> {
  const logs: string[] = [];
  const dir = dataDir ?? (await newDataDir());
  const host = await startHost({
    config: fixtureConfig(overrides),
    port: 0,
    dataDir: dir,
    env: {},
    logSink: (line) => logs.push(line),
  });
  return {
    ...host,
    logs,
    dataDir: dir,
    dispose: async () => {
      await host.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
