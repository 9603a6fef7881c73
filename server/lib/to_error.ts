// Normalises whatever a `catch` caught into an Error, so logs and documents get a message.
import { types } from 'node:util';

export function toError(caught: unknown): Error {
  // isNativeError also knows errors of another realm (Node's fetch under Jest's VM context),
  // whose `name` a caller may need to tell a connection failure from a timeout.
  if (caught instanceof Error || types.isNativeError(caught)) return caught;
  if (typeof caught === 'string') return new Error(caught);
  try {
    return new Error(JSON.stringify(caught));
  } catch {
    return new Error(String(caught));
  }
}
