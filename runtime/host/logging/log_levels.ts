// Kibana's log levels and their order: a logger writes records at or above its level.
import type { LogLevelId } from '@kbn/core/server';

export const LOG_LEVELS: Record<LogLevelId, number> = {
  off: 0,
  fatal: 1,
  error: 2,
  warn: 3,
  info: 4,
  debug: 5,
  trace: 6,
  all: 7,
};

export const LOG_LEVEL_IDS = Object.keys(LOG_LEVELS) as LogLevelId[];
