// `startNodes`: N hosts as child processes on free ports against one Elasticsearch, for multi-node tests.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostMessage } from './cli';
import type { ConfigObject } from './config/deep_object';

export interface StartNodesOptions {
  /** how many hosts to start. */
  count: number;
  /** the Elasticsearch every host uses: its URL, or the URLs of its nodes. */
  esUrl: string | string[];
  /** settings for every host (dotted keys allowed), over the default kibana.yml. */
  config?: ConfigObject;
  /** settings for one host, by index, over `config`. */
  nodeConfig?: (index: number) => ConfigObject;
  /** each host's port, by index. @defaultValue 0 (a free one) */
  port?: (index: number) => number;
  /** folder holding each node's data folder `node-<i>`. @defaultValue a new temporary folder */
  dataRoot?: string;
  /** how long a host may take to answer `/api/status`, in ms. @defaultValue 60000 */
  readyTimeoutMs?: number;
  /** receives each output line of each host. @defaultValue kept only for error messages */
  onOutput?: (index: number, line: string) => void;
}

export interface NodeHandle {
  index: number;
  url: string;
  uuid: string;
  dataDir: string;
  pid: number;
  /** SIGTERM: the host stops its plugins and exits 0; SIGKILL after `timeoutMs` (default 15000). */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL, as for a crash. */
  kill(): Promise<void>;
  /** the host's last output lines (at most 40), to explain a failure */
  recentOutput(): string[];
}

const CLI = join(__dirname, 'cli.ts');
const OUTPUT_TAIL_LINES = 40;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** No child outlives this process, however it ends (children also stop when their IPC closes). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

function unrefChild(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr])
    (stream as { unref?: () => void } | null)?.unref?.();
}

/** Resolves when the child is gone; keeps this process alive meanwhile (the child is unref'd). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const keepAlive = setInterval(() => undefined, 1000);
  return new Promise((resolveExit) =>
    child.once('exit', () => {
      clearInterval(keepAlive);
      resolveExit();
    })
  );
}

function collectOutput(
  child: ChildProcess,
  index: number,
  onOutput?: StartNodesOptions['onOutput']
) {
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)) {
      tail.push(line);
      if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      onOutput?.(index, line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return tail;
}

function waitForReady(child: ChildProcess, timeoutMs: number, tail: string[]) {
  return new Promise<{ url: string; uuid: string }>((resolveReady, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`${reason}\n--- host output ---\n${tail.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`Host not ready after ${timeoutMs} ms`), timeoutMs);
    child.on('message', (message: HostMessage) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolveReady(message);
      } else if (message?.type === 'error') fail(`Host failed to start: ${message.message}`);
    });
    child.once('exit', (code, signal) =>
      fail(`Host exited (${signal ?? code}) before it was ready`)
    );
  });
}

async function confirmStatus(url: string, uuid: string): Promise<void> {
  const response = await fetch(`${url}/api/status`);
  const body = (await response.json()) as { uuid?: string };
  if (!response.ok || body.uuid !== uuid) {
    throw new Error(`${url}/api/status answered ${response.status} for node ${body.uuid}`);
  }
}

async function startNode(
  index: number,
  dataDir: string,
  options: StartNodesOptions
): Promise<NodeHandle> {
  const config = { ...(options.config ?? {}), ...(options.nodeConfig?.(index) ?? {}) };
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      '--port',
      String(options.port?.(index) ?? 0),
      '--data',
      dataDir,
      '--es',
      [options.esUrl].flat().join(','),
    ],
    {
      env: { ...process.env, KBN_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }
  );
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A forgotten node must not keep this process alive: the exit hook kills it instead.
  unrefChild(child);
  const tail = collectOutput(child, index, options.onOutput);
  try {
    const { url, uuid } = await waitForReady(child, options.readyTimeoutMs ?? 60_000, tail);
    await confirmStatus(url, uuid);
    const kill = async () => {
      child.kill('SIGKILL');
      await exited(child);
    };
    const stop = async (timeoutMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited(child);
      clearTimeout(timer);
    };
    const recentOutput = () => [...tail];
    return { index, url, uuid, dataDir, pid: child.pid as number, stop, kill, recentOutput };
  } catch (error: unknown) {
    child.kill('SIGKILL');
    await exited(child);
    throw error instanceof Error ? error : new Error(String(error));
  }
}

/** Starts `count` hosts in parallel; if one fails, the others are killed and the error names it. */
export async function startNodes(options: StartNodesOptions): Promise<NodeHandle[]> {
  installExitHook();
  const root = options.dataRoot ?? (await mkdtemp(join(tmpdir(), 'kbn-host-nodes-')));
  const results = await Promise.allSettled(
    Array.from({ length: options.count }, (_, index) =>
      startNode(index, join(root, `node-${index}`), options)
    )
  );
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(
      results.map((result) => (result.status === 'fulfilled' ? result.value.kill() : undefined))
    );
    throw (failed as PromiseRejectedResult).reason;
  }
  return results.map((result) => (result as PromiseFulfilledResult<NodeHandle>).value);
}
