// The dispatcher's public surface, for `npm start` and tests.
export { Dispatcher, type DispatcherOptions } from './dispatcher';
export { loadConfig, parseConfig, ConfigError, type DispatcherConfig } from './config';
export { createLogger, type Logger } from './logger';
