// Checks the push token against the configured one, in constant time: the node's `_run_now`
// and the dispatcher's `/notify` both call this one function.
import { createHash, timingSafeEqual } from 'node:crypto';
import { PUSH_TOKEN_HEADER } from './push_protocol';

/** Request headers as Kibana and hapi both give them (hapi types their values `unknown`). */
export type PushHeaders = Readonly<Record<string, unknown>>;

export type PushAuthentication = { ok: true } | { ok: false; status: 401 | 403; message: string };

/** Who checks the token: the messages say what needs it and where it is not valid. */
export type PushTokenCheck = 'push' | 'notify';

const BEARER = /^Bearer\s+(\S+)$/i;

const MESSAGES: Record<PushTokenCheck, { missing: string; wrong: string }> = {
  push: {
    missing: `A push needs the dispatcher's push token (Authorization: Bearer, or ${PUSH_TOKEN_HEADER})`,
    wrong: 'The push token is not valid on this node',
  },
  notify: {
    missing: `A notify needs the nodes' push token (Authorization: Bearer, or ${PUSH_TOKEN_HEADER})`,
    wrong: 'The push token is not valid on this dispatcher',
  },
};

function digest(value: string): Buffer {
  // Equal-length digests: timingSafeEqual needs equal lengths, and comparing digests does not
  // leak the token's length through an early length check.
  return createHash('sha256').update(value, 'utf8').digest();
}

function first(value: unknown): string | undefined {
  const text: unknown = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? text.trim() || undefined : undefined;
}

/**
 * The token a call carries: in PUSH_TOKEN_HEADER when `Authorization` holds the dispatcher's
 * Kibana API key (Kibana with security), otherwise as `Authorization: Bearer <token>`.
 */
function sentToken(headers: PushHeaders): string | undefined {
  const inHeader = first(headers[PUSH_TOKEN_HEADER]);
  if (inHeader) return inHeader;
  const authorization = first(headers.authorization);
  return authorization ? BEARER.exec(authorization)?.[1] : undefined;
}

/**
 * 401 without a push token, 403 with a wrong one. Neither message nor log ever contains the
 * token or what was sent.
 */
export function authenticatePush(
  headers: PushHeaders,
  token: string,
  check: PushTokenCheck = 'push'
): PushAuthentication {
  const sent = sentToken(headers);
  if (!sent) return { ok: false, status: 401, message: MESSAGES[check].missing };
  if (!timingSafeEqual(digest(sent), digest(token))) {
    return { ok: false, status: 403, message: MESSAGES[check].wrong };
  }
  return { ok: true };
}
