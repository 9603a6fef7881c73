// Runs the dispatcher CLI as a child process (so a test can SIGKILL it), reads its JSON logs, and
// optionally copies them to a log file and guards it with a watchdog (as `npm start` does).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT } from '../../runtime/host/repo_root';
import { waitFor } from './wait_for';

const CLI = join(REPO_ROOT, 'dispatcher', 'src', 'cli.ts');
const WATCHDOG = join(REPO_ROOT, 'scripts', 'es', 'watchdog.js');

/** Writes `config` (or `text`) as `dispatcher.yml` in `dir` (a new temporary folder by default). */
export function writeConfigFile(config: unknown, text?: string, dir?: string): string {
  const file = join(dir ?? mkdtempSync(join(tmpdir(), 'bt-dispatcher-')), 'dispatcher.yml');
  writeFileSync(file, text ?? stringify(config));
  return file;
}

export interface DispatcherProcessOptions {
  /** copies every output line to this file (created, truncated). @defaultValue none */
  logFile?: string;
  /**
   * Runs it in its own process group with a watchdog that takes the group down if this process
   * dies without stopping it (`npm start`: Ctrl-C must not leave a dispatcher holding the lease).
   * @defaultValue false
   */
  watchdog?: boolean;
}

export class DispatcherProcess {
  readonly logs: Array<Record<string, unknown>> = [];
  stderr = '';
  exitCode: number | null | undefined;
  readonly logFile: string | undefined;
  private child: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly watchdogPid: number | undefined;
  private readonly exitListeners: Array<(description: string) => void> = [];
  private stopping = false;

  constructor(
    configFile: string,
    env: NodeJS.ProcessEnv = {},
    options: DispatcherProcessOptions = {}
  ) {
    // `node --import tsx`, not the tsx binary: tsx would run the CLI in a grandchild that a
    // SIGKILL of the child leaves running.
    this.child = spawn(process.execPath, ['--import', 'tsx', CLI, '--config', configFile], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.watchdog === true,
    });
    this.logFile = options.logFile;
    const fd = options.logFile === undefined ? undefined : openSync(options.logFile, 'w');
    let buffer = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      if (fd !== undefined) writeSync(fd, chunk);
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line));
        } catch {
          this.logs.push({ message: line });
        }
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      if (fd !== undefined) writeSync(fd, chunk);
      this.stderr += chunk.toString('utf8');
    });
    if (options.watchdog) {
      const watchdog = spawn(process.execPath, [WATCHDOG, String(process.pid), String(this.pid)], {
        detached: true,
        stdio: 'ignore',
      });
      watchdog.unref();
      this.watchdogPid = watchdog.pid;
    }
    this.exited = new Promise((done) =>
      this.child.on('exit', (code, signal) => {
        this.exitCode = code;
        if (fd !== undefined) closeSync(fd);
        if (!this.stopping)
          for (const listener of this.exitListeners)
            listener(`dispatcher exited (${signal ?? code})`);
        done();
      })
    );
  }

  get pid() {
    return this.child.pid!;
  }

  /** The URL of its HTTP server, once it has started. */
  async url(timeoutMs = 20_000): Promise<string> {
    const started = await waitFor(() => this.logs.find((l) => l.message === 'Dispatcher started'), {
      timeoutMs,
      description: `dispatcher ${this.pid} to start (stderr: ${this.stderr.slice(0, 300)})`,
    });
    return (started.dispatcher as { url: string }).url;
  }

  async health(): Promise<{ leader: boolean; term: number } & Record<string, unknown>> {
    return (
      await fetch((await this.url()) + '/health', { signal: AbortSignal.timeout(3000) })
    ).json();
  }

  /** Waits until it leads and sees `nodes` live nodes (or fails early, with its output, if it exits). */
  async waitForReady(nodes: number, timeoutMs = 20_000): Promise<void> {
    try {
      const outcome = await waitFor(
        async () => {
          if (this.exitCode !== undefined) return 'exited';
          if (!this.logs.some((line) => line.message === 'Dispatcher started')) return undefined;
          const health = await this.health();
          return health.leader && (health.nodes as unknown[]).length >= nodes && 'ready';
        },
        { timeoutMs, intervalMs: 100, description: `the dispatcher to lead and see ${nodes} nodes` }
      );
      if (outcome === 'exited') throw new Error(`the dispatcher exited (${this.exitCode})`);
    } catch (error: unknown) {
      const output = [...this.logs.slice(-20).map((line) => JSON.stringify(line)), this.stderr];
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n--- dispatcher output ---\n${output.join('\n').trim()}`);
    }
  }

  /** Called once if it exits without {@link stop} or {@link kill}. */
  onUnexpectedExit(listener: (description: string) => void): void {
    this.exitListeners.push(listener);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL') {
    this.stopping = true;
    if (this.exitCode === undefined) this.child.kill(signal);
  }

  async waitForExit(timeoutMs = 20_000): Promise<number | null> {
    await waitFor(() => this.exitCode !== undefined, {
      timeoutMs,
      description: `dispatcher ${this.pid} to exit`,
    });
    await this.exited;
    return this.exitCode ?? null;
  }

  /** SIGTERM (it gives its lease up), SIGKILL if it lingers past `timeoutMs`; idempotent. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.exitCode === undefined) {
      this.kill('SIGTERM');
      try {
        await this.waitForExit(timeoutMs);
      } catch {
        this.kill('SIGKILL');
        await this.waitForExit();
      }
    }
    if (this.watchdogPid !== undefined) {
      try {
        process.kill(this.watchdogPid, 'SIGTERM');
      } catch {
        // the watchdog leaves by itself once the dispatcher is gone
      }
    }
  }
}
