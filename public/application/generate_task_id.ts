// Makes a readable, unique-enough task id such as `sleep-m3k9x2`.

export function generateTaskId(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  return `${prefix}-${random}`;
}
