// Checks the dispatcher's bearer token against the configured one, in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Headers } from '@kbn/core/server';

export type PushAuthentication = { ok: true } | { ok: false; status: 401 | 403; message: string };

const BEARER = /^Bearer\s+(.+)$/i;

function digest(value: string): Buffer {
  // Equal-length digests: timingSafeEqual needs equal lengths, and comparing digests does not
  // leak the token's length through an early length check.
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * 401 without a bearer token, 403 with a wrong one. Neither message nor log ever contains
 * the token or what was sent.
 */
export function authenticatePush(headers: Headers, token: string): PushAuthentication {
  const header = headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? BEARER.exec(value.trim()) : null;
  if (!match) {
    return { ok: false, status: 401, message: 'A push needs the dispatcher bearer token' };
  }
  if (!timingSafeEqual(digest(match[1]), digest(token))) {
    return { ok: false, status: 403, message: 'The push token is not valid on this node' };
  }
  return { ok: true };
}
