// Task Manager's duration strings ('30s', '5m', '1h', '1d') in milliseconds.
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration like '5m'; undefined when it is not one. */
export function parseDuration(value: string | undefined): number | undefined {
  const match = /^\s*(\d+)\s*(ms|s|m|h|d)\s*$/.exec(value ?? '');
  if (!match) return undefined;
  return Number(match[1]) * UNITS[match[2]];
}
