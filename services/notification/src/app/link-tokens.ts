import { createHmac, timingSafeEqual } from 'node:crypto';
import { isChannel, type Channel } from './notification.model.js';

/**
 * Signed tokens for links in messages: one-click unsubscribe and e-mail verification. A token is
 * base64url of `version ‖ purpose ‖ JSON fields ‖ HMAC-SHA256(secret, version ‖ purpose ‖ JSON)`.
 * The purpose byte is signed, so a token for one purpose never passes as the other.
 *
 * Unsubscribe tokens never expire: a link in a years-old e-mail must still work (the law requires
 * withdrawal to be as easy as consent). Keys rotate by listing secrets newest first: tokens are
 * signed with the first and accepted under any, so retire a secret only when links signed with it
 * may die (never, for unsubscribe links, without breaking them).
 */
export type LinkPayload = UnsubscribeLink | VerifyEmailLink;

export interface UnsubscribeLink {
  purpose: 'unsubscribe';
  subscriberId: string;
  /** `null`: every channel. */
  channel: Channel | null;
}

export interface VerifyEmailLink {
  purpose: 'verify';
  subscriberId: string;
  channel: Channel;
  verificationId: string;
  /** ISO-8601; kept to the millisecond. */
  expiresAt: string;
}

export type LinkTokenResult =
  | { ok: true; payload: LinkPayload }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export const MAX_LINK_TOKEN_LENGTH = 512;
/** Shorter secrets are a configuration mistake, refused when used. */
export const MIN_LINK_SECRET_LENGTH = 32;

const VERSION = 1;
const PURPOSE_BYTE = { unsubscribe: 1, verify: 2 } as const;
const MAC_BYTES = 32;
const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function secretList(secrets: string | readonly string[]): readonly string[] {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new RangeError('link tokens need at least one secret');
  for (const s of list)
    if (typeof s !== 'string' || s.length < MIN_LINK_SECRET_LENGTH)
      throw new RangeError(`link token secrets must be at least ${MIN_LINK_SECRET_LENGTH} chars`);
  return list;
}

function mac(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/** Signs a link payload with the first (current) secret. Throws RangeError on a bad payload. */
export function signLinkToken(secrets: string | readonly string[], payload: LinkPayload): string {
  const [current] = secretList(secrets);
  if (!ID.test(payload.subscriberId)) throw new RangeError('subscriberId is not a valid id');
  let fields: unknown[];
  if (payload.purpose === 'unsubscribe') {
    if (payload.channel !== null && !isChannel(payload.channel))
      throw new RangeError('channel is not a channel');
    fields = [payload.subscriberId, payload.channel];
  } else {
    const expires = Date.parse(payload.expiresAt);
    if (!isChannel(payload.channel)) throw new RangeError('channel is not a channel');
    if (!ID.test(payload.verificationId)) throw new RangeError('verificationId is not a valid id');
    if (!Number.isFinite(expires)) throw new RangeError('expiresAt is not a time');
    fields = [payload.subscriberId, payload.channel, payload.verificationId, expires];
  }
  const body = Buffer.concat([
    Buffer.from([VERSION, PURPOSE_BYTE[payload.purpose]]),
    Buffer.from(JSON.stringify(fields), 'utf8'),
  ]);
  const token = Buffer.concat([body, mac(current!, body)]).toString('base64url');
  if (token.length > MAX_LINK_TOKEN_LENGTH) throw new RangeError('link token would be too long');
  return token;
}

function decodeFields(purpose: number, json: string): LinkPayload | undefined {
  let fields: unknown;
  try {
    fields = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields)) return undefined;
  const [subscriberId, channel, verificationId, expires] = fields as unknown[];
  if (typeof subscriberId !== 'string' || !ID.test(subscriberId)) return undefined;
  if (purpose === PURPOSE_BYTE.unsubscribe && fields.length === 2) {
    if (channel !== null && (typeof channel !== 'string' || !isChannel(channel))) return undefined;
    return { purpose: 'unsubscribe', subscriberId, channel };
  }
  if (
    purpose === PURPOSE_BYTE.verify &&
    fields.length === 4 &&
    typeof channel === 'string' &&
    isChannel(channel) &&
    typeof verificationId === 'string' &&
    ID.test(verificationId) &&
    typeof expires === 'number' &&
    Number.isSafeInteger(expires) &&
    Math.abs(expires) <= 8.64e15
  )
    return {
      purpose: 'verify',
      subscriberId,
      channel,
      verificationId,
      expiresAt: new Date(expires).toISOString(),
    };
  return undefined;
}

/**
 * Checks a token from a link under any of the secrets. `expected` refuses a token made for the
 * other purpose (as `malformed`). Expiry is told only for authentic tokens.
 */
export function verifyLinkToken(
  secrets: string | readonly string[],
  token: string,
  now: Date,
  expected?: LinkPayload['purpose'],
): LinkTokenResult {
  const list = secretList(secrets);
  if (typeof token !== 'string' || token.length > MAX_LINK_TOKEN_LENGTH || !BASE64URL.test(token))
    return { ok: false, reason: 'malformed' };
  const bytes = Buffer.from(token, 'base64url');
  // Only the canonical encoding, so one payload has one token.
  if (bytes.length < 2 + MAC_BYTES + 2 || bytes.toString('base64url') !== token)
    return { ok: false, reason: 'malformed' };
  if (bytes[0] !== VERSION) return { ok: false, reason: 'malformed' };
  const body = bytes.subarray(0, bytes.length - MAC_BYTES);
  const given = bytes.subarray(bytes.length - MAC_BYTES);
  let authentic = false;
  for (const secret of list) if (timingSafeEqual(mac(secret, body), given)) authentic = true;
  if (!authentic) return { ok: false, reason: 'bad_signature' };
  const payload = decodeFields(bytes[1]!, body.subarray(2).toString('utf8'));
  if (!payload || (expected !== undefined && payload.purpose !== expected))
    return { ok: false, reason: 'malformed' };
  if (payload.purpose === 'verify' && Date.parse(payload.expiresAt) <= now.getTime())
    return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
