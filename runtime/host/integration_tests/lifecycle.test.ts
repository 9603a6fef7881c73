// Plugin lifecycle, config validation and node identity of an in-process host.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startHost } from '../start_host';
import { lifecycleEvents } from './fixtures/provider_plugin/server/lifecycle_events';
import { FIXTURES, fixtureConfig, newDataDir, startFixtureHost } from './start_fixture_host';

async function getJson(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe('runtime host lifecycle', () => {
  const dataDirs: string[] = [];

  afterAll(async () => {
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('sets up and starts plugins in dependency order with their dependencies’ contracts, and stops them in reverse', async () => {
    lifecycleEvents.length = 0;
    const host = await startFixtureHost({ 'host_test.provider.greeting': 'hi there' });
    try {
      const { body } = await getJson(`${host.url}/api/host_test/lifecycle`);
      expect(body).toEqual({
        greeting: 'hi there',
        instanceUuid: host.uuid,
        roles: { backgroundTasks: true, ui: true, migrator: false },
        events: [
          'hostTestProvider:setup',
          'hostTestConsumer:setup',
          'hostTestProvider:start',
          'hostTestConsumer:start',
        ],
      });
    } finally {
      await host.dispose();
    }
    expect(lifecycleEvents.slice(-2)).toEqual(['hostTestConsumer:stop', 'hostTestProvider:stop']);
  });

  it('gives plugins node.roles and applies KBN_ environment overrides', async () => {
    const dataDir = await newDataDir();
    dataDirs.push(dataDir);
    const host = await startHost({
      config: fixtureConfig({ 'node.roles': ['ui'] }),
      port: 0,
      dataDir,
      env: {
        'KBN_host_test.provider.greeting': 'from env',
        KBN_CONFIG: '{"logging.root.level":"error"}',
      },
      logSink: () => undefined,
    });
    try {
      const { body } = await getJson(`${host.url}/api/host_test/lifecycle`);
      expect(body).toMatchObject({
        greeting: 'from env',
        roles: { backgroundTasks: false, ui: true },
      });
    } finally {
      await host.stop();
    }
  });

  it('names the setting when its port is taken', async () => {
    const first = await startFixtureHost();
    const dataDir = await newDataDir();
    dataDirs.push(dataDir);
    try {
      const port = Number(new URL(first.url).port);
      await expect(
        startHost({ config: fixtureConfig(), port, dataDir, logSink: () => undefined })
      ).rejects.toThrow(`Port ${port} on localhost is in use: set server.port`);
    } finally {
      await first.dispose();
    }
  });

  it('keeps the node id across restarts with the same data folder', async () => {
    const dataDir = await newDataDir();
    dataDirs.push(dataDir);
    const first = await startFixtureHost({}, dataDir);
    const firstStatus = await getJson(`${first.url}/api/status`);
    await first.stop();
    const second = await startFixtureHost({}, dataDir);
    const secondStatus = await getJson(`${second.url}/api/status`);
    await second.stop();
    const other = await startFixtureHost();
    await other.dispose();

    expect(firstStatus.body.uuid).toBe(first.uuid);
    expect(secondStatus).toMatchObject({ status: 200, body: { uuid: first.uuid } });
    expect(other.uuid).not.toBe(first.uuid);
  });

  it('fails start-up naming a missing required plugin', async () => {
    await expect(
      startFixtureHost({
        'plugins.paths': [
          join(FIXTURES, 'provider_plugin'),
          join(FIXTURES, 'needs_missing_plugin'),
        ],
      })
    ).rejects.toThrow('"hostTestNeedsMissing" requires "doesNotExist"');
  });

  it.each([
    [
      { 'host_test.provider.greeting': 5 },
      '[host_test.provider.greeting]: expected value of type [string] but got [number]',
    ],
    [{ 'host_test.provider.greting': 'typo' }, '[host_test.provider.greting]'],
    [{ 'xpack.nothing.here': true }, '[xpack.nothing.here]: unknown configuration key'],
    [
      { 'server.shutdownTimeout': 'abc' },
      '[server.shutdownTimeout]: expected value of type [number] but got [string]',
    ],
  ])('fails start-up naming the bad key of %j', async (overrides, message) => {
    await expect(startFixtureHost(overrides)).rejects.toThrow(message);
  });
});
