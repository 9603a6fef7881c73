import { DispatcherProcess, writeConfigFile } from '../../scripts/system/dispatcher_process';

jest.setTimeout(60_000);

describe('start-up with a bad configuration', () => {
  it.each([
    [
      'an unknown key',
      'push:\n  token: t\npoll:\n  intervall_ms: 100\n',
      /poll\.intervall_ms.*is not allowed/,
    ],
    [
      'a wrong type',
      'push:\n  token: t\nlease:\n  duration_ms: ten seconds\n',
      /lease\.duration_ms.*must be a number/,
    ],
    ['a missing token', 'poll:\n  interval_ms: 100\n', /push.*is required/],
  ])('stops with %s, naming the key', async (_what, text, message) => {
    const p = new DispatcherProcess(writeConfigFile(undefined, text));
    expect(await p.waitForExit()).toBe(78);
    expect(p.stderr).toMatch(message);
    expect(p.logs.find((l) => l.message === 'Dispatcher started')).toBeUndefined();
  });

  it('names the environment override that is wrong', async () => {
    const p = new DispatcherProcess(writeConfigFile(undefined, 'push:\n  token: t\n'), {
      DISPATCHER_NODES__MISSED_HEARTBEATS: 'many',
    });
    expect(await p.waitForExit()).toBe(78);
    expect(p.stderr).toMatch(/nodes\.missed_heartbeats/);
  });
});
