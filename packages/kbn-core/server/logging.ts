// Mirrors src/platform/packages/shared/kbn-logging/src/{logger,logger_factory,log_meta,log_level,log_record}.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

/** @public */
export type LogLevelId = 'all' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'off';

/**
 * Simplified: Kibana types this as the ECS schema (`@elastic/ecs`) minus reserved keys; here
 * the commonly used ECS fields are named and anything else is allowed.
 */
export interface LogMeta {
  tags?: string[];
  labels?: Record<string, string | number | boolean>;
  error?: { message?: string; stack_trace?: string; type?: string; code?: string } | unknown;
  [key: string]: unknown;
}

/** Simplified: Kibana's `LogRecord` also carries `level: LogLevel`, `pid`, `spanId`, ... */
export interface LogRecord {
  timestamp: Date;
  level: { id: LogLevelId; value: number };
  context: string;
  message: string;
  error?: Error;
  meta?: Record<string, any>;
}

/** @public */
export type LogMessageSource = string | (() => string);

/**
 * Logger exposes all the necessary methods to log any type of information and
 * this is the interface used by the logging consumers including plugins.
 *
 * @public
 */
export interface Logger {
  trace<Meta extends LogMeta = LogMeta>(message: LogMessageSource, meta?: Meta): void;
  debug<Meta extends LogMeta = LogMeta>(message: LogMessageSource, meta?: Meta): void;
  info<Meta extends LogMeta = LogMeta>(message: LogMessageSource, meta?: Meta): void;
  warn<Meta extends LogMeta = LogMeta>(errorOrMessage: LogMessageSource | Error, meta?: Meta): void;
  error<Meta extends LogMeta = LogMeta>(
    errorOrMessage: LogMessageSource | Error,
    meta?: Meta
  ): void;
  fatal<Meta extends LogMeta = LogMeta>(
    errorOrMessage: LogMessageSource | Error,
    meta?: Meta
  ): void;
  /** @internal */
  log(record: LogRecord): void;
  /** Checks if given level is currently enabled for this logger. */
  isLevelEnabled(level: LogLevelId): boolean;
  /** Returns a new {@link Logger} instance extending the current logger context. */
  get(...childContextPaths: string[]): Logger;
}

/**
 * The single purpose of `LoggerFactory` interface is to define a way to
 * retrieve a context-based logger instance.
 *
 * @public
 */
export interface LoggerFactory {
  /**
   * Returns a `Logger` instance for the specified context, e.g. get('plugins', 'pid')
   * returns a logger for the `plugins.pid` context.
   */
  get(...contextParts: string[]): Logger;
}
