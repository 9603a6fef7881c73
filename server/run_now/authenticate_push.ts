// Checks the dispatcher's push token against the configured one, in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Headers } from '@kbn/core/server';
import { PUSH_TOKEN_HEADER } from '../../common/push/push_protocol';

export type PushAuthentication = { ok: true } | { ok: false; status: 401 | 403; message: string };

const BEARER = /^Bearer\s+(\S+)$/i;

function digest(value: string): Buffer {
  // Equal-length digests: timingSafeEqual needs equal lengths, and comparing digests does not
  // leak the token's length through an early length check.
  return createHash('sha256').update(value, 'utf8').digest();
}

function first(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

/**
 * The token a push carries: in PUSH_TOKEN_HEADER when `Authorization` holds the dispatcher's
 * Kibana API key (Kibana with security), otherwise as `Authorization: Bearer <token>`.
 */
function sentToken(headers: Headers): string | undefined {
  const inHeader = first(headers[PUSH_TOKEN_HEADER]);
  if (inHeader) return inHeader;
  const authorization = first(headers.authorization);
  return authorization ? BEARER.exec(authorization)?.[1] : undefined;
}

/**
 * 401 without a push token, 403 with a wrong one. Neither message nor log ever contains the
 * token or what was sent.
 */
export function authenticatePush(headers: Headers, token: string): PushAuthentication {
  const sent = sentToken(headers);
  if (!sent) {
    return {
      ok: false,
      status: 401,
      message: `A push needs the dispatcher's push token (Authorization: Bearer, or ${PUSH_TOKEN_HEADER})`,
    };
  }
  if (!timingSafeEqual(digest(sent), digest(token))) {
    return { ok: false, status: 403, message: 'The push token is not valid on this node' };
  }
  return { ok: true };
}
