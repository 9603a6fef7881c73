// One chaos scenario's system: two hosts with the recording `e2e:work` type and one or two
// dispatchers, at the product's default timings, on fresh indices of its own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { REPO_ROOT } from '../../runtime/host/repo_root';
import { DispatcherProcess, writeConfigFile } from '../system/dispatcher_process';
import {
  createExecutionsIndex,
  e2eFixtureSettings,
  e2eSystemIndices,
  type E2eSystemIndices,
} from '../system/e2e_workload';
import { startSystem, type SystemHandle } from '../system/start_system';
import { dispatcherConfig, generatePushToken, type EsHosts } from '../system/system_config';
import { waitFor } from '../system/wait_for';

export interface ChaosSystemOptions {
  /** a client that reaches Elasticsearch directly (indices, records), whatever the system uses */
  es: Client;
  /**
   * where the hosts and dispatchers reach Elasticsearch (a proxy, when the scenario slows it;
   * every node's URL, when it kills one)
   */
  esUrl: EsHosts;
  /** names the indices, e.g. the scenario's name */
  name: string;
  /** the `e2e:work` type's timeout (a claim's retryAt = claim + timeout), e.g. '4s' */
  timeout: string;
  /** where host `index` reaches Elasticsearch instead of `esUrl` (its own proxy). @defaultValue esUrl */
  hostEsUrl?: (index: number) => string | undefined;
  /** @defaultValue 1 */
  dispatchers?: 1 | 2;
  /** further settings of every host (dotted keys) */
  hostSettings?: Record<string, unknown>;
}

export interface ChaosSystem {
  indices: E2eSystemIndices;
  hosts: SystemHandle['hosts'];
  /** the first one leads at start */
  dispatchers: DispatcherProcess[];
  /** each host's output lines (warnings and errors) */
  output: string[][];
  /**
   * stops dispatchers and hosts, then deletes the indices (through `es`); the processes' output
   * stays in target/chaos/logs/ (see `writeLogs`)
   */
  stop(): Promise<void>;
}

export async function startChaosSystem(options: ChaosSystemOptions): Promise<ChaosSystem> {
  const { es, esUrl, name, timeout, hostEsUrl } = options;
  const indices = e2eSystemIndices(`chaos-${name}-${Date.now().toString(36)}`);
  await createExecutionsIndex(es, indices.executions);
  const token = generatePushToken();
  const output: string[][] = [[], []];
  const deleteIndices = () =>
    es.indices.delete({ index: Object.values(indices), ignore_unavailable: true });
  const system = await startSystem({
    esUrl,
    indices,
    token,
    hosts: {
      count: 2,
      settings: { ...e2eFixtureSettings(indices.executions, timeout), ...options.hostSettings },
      esUrl: hostEsUrl,
      onOutput: (i, line) => output[i].push(line),
    },
    dispatcher: { id: 'chaos-first' },
  }).catch(async (error: unknown) => {
    await deleteIndices();
    throw error;
  });
  const dispatchers = [system.dispatcher!];
  // A dispatcher left behind would keep leading on these indices.
  const killOnExit = () => dispatchers.slice(1).forEach((d) => d.kill('SIGKILL'));
  const stop = async () => {
    writeLogs(name, output, dispatchers);
    await Promise.all(dispatchers.slice(1).map((d) => d.stop()));
    process.off('exit', killOnExit);
    await system.stop();
    await deleteIndices().catch(() => undefined);
  };
  if (options.dispatchers === 2) {
    const config = { ...dispatcherConfig(esUrl, 0, indices), id: 'chaos-second' };
    const second = new DispatcherProcess(writeConfigFile(config), {
      DISPATCHER_PUSH__TOKEN: token,
    });
    dispatchers.push(second);
    process.once('exit', killOnExit);
    try {
      await waitFor(async () => (await second.health()).term > 0, {
        timeoutMs: 30_000,
        description: 'the second dispatcher to see the lease',
      });
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { indices, hosts: system.hosts, dispatchers, output, stop };
}

/**
 * Every process's output, to follow a fault after the run: `<name>-host<i>.log` (the host's
 * lines) and `<name>-dispatcher<i>.log` (JSON lines), in target/chaos/logs/.
 */
function writeLogs(name: string, output: string[][], dispatchers: DispatcherProcess[]): void {
  const dir = join(REPO_ROOT, 'target', 'chaos', 'logs');
  mkdirSync(dir, { recursive: true });
  output.forEach((lines, i) => writeFileSync(join(dir, `${name}-host${i}.log`), lines.join('\n')));
  dispatchers.forEach((dispatcher, i) =>
    writeFileSync(
      join(dir, `${name}-dispatcher${i}.log`),
      dispatcher.logs.map((line) => JSON.stringify(line)).join('\n')
    )
  );
}
