// Removes credentials from anything about to be logged: header values, tokens, passwords.
const SECRET_KEY = /authorization|token|password|passwd|secret|api[-_]?key|cookie|credential/i;
const SECRET_IN_TEXT = /\b(Bearer|Basic|ApiKey|Negotiate)\s+[A-Za-z0-9._~+/=-]+/g;
const REDACTED = '[REDACTED]';

/** Masks `Bearer abc`-style credentials inside free text. */
export function redactText(text: string): string {
  return text.replace(SECRET_IN_TEXT, `$1 ${REDACTED}`);
}

/**
 * A copy of `value` with every secret-looking key masked and credentials in strings masked,
 * so a plugin that logs a request's headers never writes an Authorization value.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return copy;
}
