// Checks the dispatcher's push token against the configured one, in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Headers } from '@kbn/core/server';
import { PUSH_TOKEN_HEADER } from '../../common/push/push_protocol';

export type PushAuthentication = { ok: true } | { ok: false; status: 401 | 403; message: string };

function digest(value: string): Buffer {
  // Equal-length digests: timingSafeEqual needs equal lengths, and comparing digests does not
  // leak the token's length through an early length check.
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * 401 without a push token, 403 with a wrong one. Neither message nor log ever contains the
 * token or what was sent. The token is read from its own header, so a Kibana with security can
 * authenticate the dispatcher's API key in `Authorization` as well.
 */
export function authenticatePush(headers: Headers, token: string): PushAuthentication {
  const header = headers[PUSH_TOKEN_HEADER];
  const sent = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!sent) {
    return {
      ok: false,
      status: 401,
      message: `A push needs the dispatcher's push token in the ${PUSH_TOKEN_HEADER} header`,
    };
  }
  if (!timingSafeEqual(digest(sent), digest(token))) {
    return { ok: false, status: 403, message: 'The push token is not valid on this node' };
  }
  return { ok: true };
}
