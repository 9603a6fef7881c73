// Runs the push dispatcher as a child process of `npm start`, with a watchdog, until it leads.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT } from '../../runtime/host/repo_root';
import { waitFor } from '../../test_helpers/wait_for';
import { openLogFile, tailOf } from './log_files';

const CLI = join(REPO_ROOT, 'dispatcher', 'src', 'cli.ts');
const WATCHDOG = join(REPO_ROOT, 'scripts', 'es', 'watchdog.js');

export interface StartDispatcherOptions {
  /** the YAML configuration, as an object (no token in it) */
  config: { http: { public_url: string } };
  /** the push token, given as DISPATCHER_PUSH__TOKEN */
  token: string;
  /** where its configuration file is written */
  workDir: string;
  /** where its log file (JSON lines) goes */
  logDir: string;
  /** how many nodes it must see before it counts as ready */
  nodes: number;
  /** how long it may take to lead and see the nodes, in ms. @defaultValue 60000 */
  readyTimeoutMs?: number;
}

export interface DispatcherHandle {
  url: string;
  pid: number;
  logFile: string;
  /** SIGTERM (it gives its lease up), SIGKILL after `timeoutMs` */
  stop(timeoutMs?: number): Promise<void>;
  /** called once if it exits without `stop` */
  onUnexpectedExit(listener: (description: string) => void): void;
}

interface Health {
  leader?: boolean;
  nodes?: unknown[];
}

async function readHealth(url: string): Promise<Health | undefined> {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
  return response.ok ? ((await response.json()) as Health) : undefined;
}

export async function startDispatcher(options: StartDispatcherOptions): Promise<DispatcherHandle> {
  const configFile = join(options.workDir, 'dispatcher.yml');
  writeFileSync(configFile, stringify(options.config));
  const log = openLogFile(options.logDir, 'dispatcher');
  // `node --import tsx`, not the tsx binary, so the pid is the dispatcher itself. Its own
  // process group: the watchdog takes the group down if this process dies without stopping it.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--config', configFile], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
    env: { ...process.env, DISPATCHER_PUSH__TOKEN: options.token },
  });
  log.close();
  const pid = child.pid as number;
  const watchdog = spawn(process.execPath, [WATCHDOG, String(process.pid), String(pid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();

  let stopping = false;
  let exitDescription: string | undefined;
  const listeners: Array<(description: string) => void> = [];
  const exited = new Promise<void>((resolveExit) =>
    child.once('exit', (code, signal) => {
      exitDescription = `dispatcher exited (${signal ?? code})`;
      if (!stopping) for (const listener of listeners) listener(exitDescription);
      resolveExit();
    })
  );
  const stop = async (timeoutMs = 15_000) => {
    stopping = true;
    if (exitDescription === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    try {
      process.kill(watchdog.pid as number, 'SIGTERM');
    } catch {
      // the watchdog leaves by itself once the dispatcher is gone
    }
  };

  const url = options.config.http.public_url;
  try {
    const outcome = await waitFor(
      async () => {
        if (exitDescription !== undefined) return 'exited';
        const health = await readHealth(url);
        const ready = health?.leader === true && (health.nodes?.length ?? 0) >= options.nodes;
        return ready ? 'ready' : undefined;
      },
      {
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        intervalMs: 200,
        description: `the dispatcher at ${url} to lead and see ${options.nodes} nodes`,
      }
    );
    if (outcome === 'exited') throw new Error('exited');
  } catch (error: unknown) {
    await stop(2000);
    const message = exitDescription ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`${message}\n--- ${log.path} ---\n${tailOf(log.path)}`);
  }
  return {
    url,
    pid,
    logFile: log.path,
    stop,
    onUnexpectedExit: (listener) => listeners.push(listener),
  };
}
