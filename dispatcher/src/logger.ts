// JSON-lines logging (ECS-like fields), one line per event, with per-module child loggers.
import { boundLogText, boundLogValue } from '../../common/logging/bound_log_text';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel | 'silent', number> = {
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
  silent: 4,
};

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  get(name: string): Logger;
}

/** Where log lines go; stdout in production, an array in tests. */
export type LogSink = (line: string) => void;

export function createLogger(
  level: LogLevel | 'silent',
  sink: LogSink = (line) => process.stdout.write(line + '\n'),
  name = 'dispatcher',
  base: LogFields = {}
): Logger {
  const write = (lvl: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    // The one place every line passes: a task's failure message can be megabytes long.
    sink(
      JSON.stringify({
        '@timestamp': new Date().toISOString(),
        'log.level': lvl,
        'log.logger': name,
        message: boundLogText(message),
        ...base,
        ...(fields && (boundLogValue(fields) as LogFields)),
      })
    );
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    get: (child) => createLogger(level, sink, `${name}.${child}`, base),
  };
}
