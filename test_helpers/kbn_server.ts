// Hosts for tests that play the dispatcher themselves: one in-process host, or push-mode hosts as
// child processes through the system builder without its dispatcher.
// Kibana: src/core/test_helpers/kbn_server.ts (plugin tests start Kibana through one helper)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHost } from '../runtime/host';
import { startSystem } from '../scripts/system/start_system';
import type { TestHost } from './system';

/** The repository root, to name plugin folders in `plugins.paths`. */
export const REPO_ROOT = resolve(__dirname, '..');

export interface InProcessHost {
  url: string;
  uuid: string;
  /** every log line so far */
  logs: string[];
  /** stops it and removes its data folder */
  stop(): Promise<void>;
}

/** One host in this process on a free port, with exactly `settings` (dotted keys) over no file. */
export async function startInProcessHost(
  settings: Record<string, unknown>
): Promise<InProcessHost> {
  const logs: string[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'bt-host-'));
  const host = await startHost({
    config: settings,
    port: 0,
    dataDir,
    env: {},
    logSink: (line) => logs.push(line),
  });
  return {
    url: host.url,
    uuid: host.uuid,
    logs,
    stop: async () => {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `count` hosts as child processes with `settings`, no dispatcher; stop each yourself. */
export async function startTestNodes(
  esUrl: string,
  count: number,
  settings: Record<string, unknown>
): Promise<TestHost[]> {
  const system = await startSystem({ esUrl, hosts: { count, settings }, dispatcher: false });
  return system.hosts;
}
