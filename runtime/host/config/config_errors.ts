// The error start-up fails with when settings are invalid; its message names every bad key.

export class InvalidConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'InvalidConfigError';
  }
}

export function isInvalidConfigError(error: unknown): error is InvalidConfigError {
  return (
    error instanceof InvalidConfigError ||
    (error instanceof Error && error.name === 'InvalidConfigError')
  );
}
