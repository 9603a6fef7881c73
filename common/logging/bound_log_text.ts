// Bounds the text of one log line: a task's failure message can be megabytes, and a log line
// that size floods the log and stalls its shippers. The full text stays in the tracking document.

/** Longest string kept whole in a log line, in characters. */
export const MAX_LOG_TEXT_CHARS = 2000;

/** Nesting followed inside logged fields; deeper values are left as they are. */
const MAX_DEPTH = 8;

/** `text` cut to `maxChars` characters, saying how many were left out. */
export function boundLogText(text: string, maxChars = MAX_LOG_TEXT_CHARS): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

/**
 * A copy of `value` with every string in it bounded (objects and arrays followed; Errors,
 * Dates and other class instances kept as they are, their owner formats them).
 */
export function boundLogValue(value: unknown, maxChars = MAX_LOG_TEXT_CHARS, depth = 0): unknown {
  if (typeof value === 'string') return boundLogText(value, maxChars);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => boundLogValue(item, maxChars, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = boundLogValue(item, maxChars, depth + 1);
  }
  return copy;
}

/**
 * An error's stack with its first line (the message) bounded, the frames kept: the message
 * alone can make the stack megabytes long.
 */
export function boundLogStack(stack: string, message: string): string {
  const bounded = boundLogText(message);
  const at = stack.indexOf(message);
  const head = at >= 0 ? stack.slice(0, at) + bounded + stack.slice(at + message.length) : stack;
  // Frames are bounded by the engine's stack limit; a stack with no message in it is bounded whole.
  return boundLogText(head, MAX_LOG_TEXT_CHARS * 5);
}
