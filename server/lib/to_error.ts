// Normalises whatever a `catch` caught into an Error, so logs and documents get a message.

export function toError(caught: unknown): Error {
  if (caught instanceof Error) return caught;
  if (typeof caught === 'string') return new Error(caught);
  try {
    return new Error(JSON.stringify(caught));
  } catch {
    return new Error(String(caught));
  }
}
