// Log files of the processes `npm start` runs: one per process, truncated at each start.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface LogFile {
  path: string;
  /** the open descriptor, e.g. a child's stdout */
  fd: number;
  /** appends one line */
  write(line: string): void;
  close(): void;
}

/** Opens `<dir>/<name>.log` for writing (the folder is created). */
export function openLogFile(dir: string, name: string): LogFile {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.log`);
  const fd = openSync(path, 'w');
  let open = true;
  return {
    path,
    fd,
    write: (line) => {
      if (open) writeSync(fd, line.endsWith('\n') ? line : `${line}\n`);
    },
    close: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** The last `lines` lines of a log file, for error messages. */
export function tailOf(path: string, lines = 30): string {
  if (!existsSync(path)) return '';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
