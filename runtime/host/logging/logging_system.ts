// Creates context-bound loggers that write lines through one sink, at one configured level.
import type {
  LogLevelId,
  LogMessageSource,
  LogMeta,
  LogRecord,
  Logger,
  LoggerFactory,
} from '@kbn/core/server';
import {
  MAX_LOG_TEXT_CHARS,
  boundLogStack,
  boundLogText,
  boundLogValue,
} from '../../../common/logging/bound_log_text';
import { formatJson, formatText } from './format_record';
import { LOG_LEVELS } from './log_levels';
import { redact, redactText } from './redact';

/** Receives each formatted line and its record (tests capture logs with it). */
export type LogSink = (line: string, record: LogRecord) => void;

export interface LoggingOptions {
  /** lowest level written. @defaultValue `'info'` */
  level: LogLevelId;
  /** one JSON object per line instead of the text pattern. @defaultValue false */
  json: boolean;
  /** where lines go. @defaultValue stdout */
  sink?: LogSink;
  /** `service.node.name` of JSON lines: the host's `server.name`. @defaultValue none */
  nodeName?: string;
}

/** A copy of the error whose message and stack are bounded (the caller's error is left alone). */
function boundError(error: Error): Error {
  const long = (text = '') => text.length > MAX_LOG_TEXT_CHARS;
  if (!long(error.message) && !long(error.stack)) return error;
  const copy = new Error(boundLogText(error.message));
  copy.name = error.name;
  copy.stack = error.stack === undefined ? undefined : boundLogStack(error.stack, error.message);
  return copy;
}

function boundRecord(record: LogRecord): LogRecord {
  return {
    ...record,
    message: boundLogText(record.message),
    error: record.error && boundError(record.error),
    meta: record.meta && (boundLogValue(record.meta) as LogMeta),
  };
}

const toStdout: LogSink = (line) => process.stdout.write(`${line}\n`);

class ContextLogger implements Logger {
  constructor(
    private readonly context: string,
    private readonly system: LoggingSystem
  ) {}

  trace(message: LogMessageSource, meta?: LogMeta) {
    this.write('trace', message, meta);
  }
  debug(message: LogMessageSource, meta?: LogMeta) {
    this.write('debug', message, meta);
  }
  info(message: LogMessageSource, meta?: LogMeta) {
    this.write('info', message, meta);
  }
  warn(errorOrMessage: LogMessageSource | Error, meta?: LogMeta) {
    this.write('warn', errorOrMessage, meta);
  }
  error(errorOrMessage: LogMessageSource | Error, meta?: LogMeta) {
    this.write('error', errorOrMessage, meta);
  }
  fatal(errorOrMessage: LogMessageSource | Error, meta?: LogMeta) {
    this.write('fatal', errorOrMessage, meta);
  }
  log(record: LogRecord) {
    this.system.emit(record);
  }
  isLevelEnabled(level: LogLevelId) {
    return this.system.isEnabled(level);
  }
  get(...childContextPaths: string[]): Logger {
    return this.system.get(this.context, ...childContextPaths);
  }

  private write(level: LogLevelId, source: LogMessageSource | Error, meta?: LogMeta) {
    if (!this.system.isEnabled(level)) return;
    const error = source instanceof Error ? source : undefined;
    const message =
      source instanceof Error ? source.message : typeof source === 'function' ? source() : source;
    this.system.emit({
      timestamp: new Date(),
      level: { id: level, value: LOG_LEVELS[level] },
      context: this.context,
      message,
      error,
      meta,
    });
  }
}

/** The host's logging: `get('plugins', 'taskManager')` logs under `plugins.taskManager`. */
export class LoggingSystem implements LoggerFactory {
  private readonly sink: LogSink;

  constructor(private readonly options: LoggingOptions) {
    this.sink = options.sink ?? toStdout;
  }

  get(...contextParts: string[]): Logger {
    const context = contextParts.filter((part) => part.length > 0).join('.') || 'root';
    return new ContextLogger(context, this);
  }

  isEnabled(level: LogLevelId): boolean {
    return LOG_LEVELS[level] <= LOG_LEVELS[this.options.level] && level !== 'off';
  }

  emit(unbounded: LogRecord): void {
    // The one place every line passes: no message, field or stack makes a line unbounded.
    const record = boundRecord(unbounded);
    const line = this.options.json ? formatJson(record, this.options.nodeName) : formatText(record);
    // The sink sees the record with credentials already masked, like the line itself.
    const safe: LogRecord = {
      ...record,
      message: redactText(record.message),
      meta: record.meta ? (redact(record.meta) as Record<string, unknown>) : undefined,
    };
    this.sink(line, safe);
  }
}
