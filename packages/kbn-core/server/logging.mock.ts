// Mirrors src/platform/packages/shared/kbn-logging-mocks/src/logger.mock.ts (elastic/kibana): `loggerMock.create()`

import type { Logger } from './logging';

/** A Logger whose methods are jest mocks; `get` returns the same logger. */
export type MockedLogger = jest.Mocked<Logger>;

function create(): MockedLogger {
  const logger = {
    trace: jest.fn(),
    debug: jest.fn(),
    info: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
    fatal: jest.fn(),
    log: jest.fn(),
    isLevelEnabled: jest.fn(() => true),
    get: jest.fn(),
  } as unknown as MockedLogger;
  logger.get.mockImplementation(() => logger);
  return logger;
}

export const loggerMock = { create };
