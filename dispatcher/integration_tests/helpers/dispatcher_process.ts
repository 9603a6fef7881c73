// Runs the dispatcher CLI as a child process (so a test can SIGKILL it) and reads its JSON logs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { waitFor } from '../../../test_helpers/wait_for';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dispatcher/src/cli.ts');

export function writeConfigFile(config: unknown, text?: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bt-dispatcher-')), 'dispatcher.yml');
  writeFileSync(file, text ?? stringify(config));
  return file;
}

export class DispatcherProcess {
  readonly logs: Array<Record<string, unknown>> = [];
  stderr = '';
  exitCode: number | null | undefined;
  private child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(configFile: string, env: NodeJS.ProcessEnv = {}) {
    // `node --import tsx`, not the tsx binary: tsx would run the CLI in a grandchild that a
    // SIGKILL of the child leaves running.
    this.child = spawn(process.execPath, ['--import', 'tsx', CLI, '--config', configFile], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
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
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((done) =>
      this.child.on('exit', (code) => {
        this.exitCode = code;
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
    return (await fetch((await this.url()) + '/health')).json();
  }

  kill(signal: NodeJS.Signals = 'SIGKILL') {
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
}
