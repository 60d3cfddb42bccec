import { createHash, timingSafeEqual } from 'node:crypto';
import { zodViolations, type FieldViolation } from '@pcn/platform';
import { z } from 'zod';

/**
 * The Zalo Official Account's webhook, as Zalo documents it (developers.zalo.me › Official
 * Account › Webhook, "xác thực" of events). That page was not in the reference corpora searched;
 * its formula is as the Vietnamese guides quote it (hainh.me/zalo-api-php-webhook-callback-
 * official-account.html, tinhoc88.com/zalo-api---php-xu-ly-su-kien-webhook.html) and as public
 * integrations that verify live events implement it:
 *
 * - Zalo POSTs each event as JSON, with `X-ZEvent-Signature: mac=<hex>`, where
 *   `mac = sha256(appId + data + timeStamp + OAsecretKey)`: a plain SHA-256 (not an HMAC) of the
 *   app id, the raw JSON body as sent, the `timestamp` field of that body (milliseconds, a
 *   string), and the **OA secret key** (the one on the app's Webhook page for the linked OA, not
 *   the app's own secret key).
 * - The webhook must answer 200 quickly (the guides say within 2 s); anything else is resent.
 * - A text from a person is the `user_send_text` event: `app_id`, `sender.id` (the person's id
 *   for this OA), `recipient.id` (the OA), `message.text`, `message.msg_id`, `timestamp`,
 *   `user_id_by_app`. Other events (`follow`, `user_send_image`, ...) are acknowledged and left.
 *
 * This module is pure: it takes the raw body and the header and says what the event is, or why it
 * is refused. The app id in the signature is the configured one, never the body's, so a body
 * cannot choose which app it claims to be signed for.
 */

export const ZALO_SIGNATURE_HEADER = 'x-zevent-signature';

/**
 * Zalo chat texts are short (the OA API caps a text at 2,000 characters); 16 KiB holds one with
 * room, as the SMS hooks do.
 */
export const ZALO_DEFAULT_MAX_BODY_BYTES = 16 * 1024;
/**
 * An event older than this is acknowledged and dropped. An hour covers Zalo resending an event
 * through a short outage of ours (a resend keeps its timestamp); inside the window a replay is
 * harmless because `msg_id` is the comment's idempotency key, and past it a captured event
 * cannot be replayed even once its key has been purged.
 */
export const ZALO_DEFAULT_MAX_AGE_MS = 60 * 60 * 1000;
/** Clocks drift: an event may be stamped this far ahead of ours. */
export const ZALO_DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export interface ZaloWebhookOptions {
  /** The Zalo app's id (`ZALO_APP_ID`). */
  appId: string;
  /** The OA secret key from the app's Webhook page (`ZALO_OA_SECRET_KEY`). */
  oaSecretKey: string;
  /** When set, `recipient.id` of a text must be this OA (`ZALO_OA_ID`). */
  oaId?: string | undefined;
  maxBodyBytes?: number | undefined;
  maxAgeMs?: number | undefined;
  maxFutureSkewMs?: number | undefined;
  clock?: (() => number) | undefined;
}

export type ZaloWebhookProblem =
  | 'BODY_TOO_LARGE'
  | 'MISSING_SIGNATURE'
  | 'BAD_SIGNATURE'
  | 'MALFORMED_BODY'
  | 'WRONG_APP'
  | 'WRONG_RECIPIENT'
  | 'STALE_EVENT'
  | 'FUTURE_EVENT'
  | 'MALFORMED_EVENT';

/**
 * The status to answer with. A stale event passed the signature, so it is Zalo's own resend:
 * 200 stops the resending (nothing is written). A future one means our clock is behind: 503
 * lets Zalo resend later. Unsigned or forged: 401.
 */
const HTTP_STATUS: Record<ZaloWebhookProblem, number> = {
  BODY_TOO_LARGE: 413,
  MISSING_SIGNATURE: 401,
  BAD_SIGNATURE: 401,
  MALFORMED_BODY: 400,
  WRONG_APP: 403,
  WRONG_RECIPIENT: 403,
  STALE_EVENT: 200,
  FUTURE_EVENT: 503,
  MALFORMED_EVENT: 400,
};

/** Why a webhook call is refused; its message names no personal data and no secret. */
export class ZaloWebhookError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly problem: ZaloWebhookProblem,
    message: string,
    readonly violations: readonly FieldViolation[] = [],
  ) {
    super(message);
    this.name = 'ZaloWebhookError';
    this.httpStatus = HTTP_STATUS[problem];
  }
}

/** A person's text to the OA, ready to become a comment (`classifyInboundText(text)`). */
export interface ZaloTextMessage {
  /** Zalo's `message.msg_id`: the source of the idempotency key. */
  messageId: string;
  /** `zalo:<msg_id>`: the same message twice gives the same comment. */
  idempotencyKey: string;
  /** The person's id for this OA (`sender.id`): where the receipt and answer go. Personal data. */
  senderId: string;
  /** The OA (`recipient.id`). */
  recipientId: string;
  appId: string;
  /** `user_id_by_app`, when Zalo sends it. */
  userIdByApp: string | null;
  text: string;
  sentAt: Date;
}

export type ZaloWebhookEvent =
  | { kind: 'text'; message: ZaloTextMessage }
  /** A verified event of another kind: answer 200 and do nothing. */
  | { kind: 'ignored'; eventName: string };

const SIGNATURE = /^\s*(?:mac=)?([0-9a-f]{64})\s*$/i;
const TIMESTAMP = /^\d{1,16}$/;
const ZALO_ID = /^[0-9A-Za-z_.:-]{1,64}$/;

const zaloId = z
  .string()
  .regex(ZALO_ID, 'must be a Zalo id: letters, digits, _ . : - (at most 64)');

/** The `user_send_text` event; fields Zalo adds later are let through and not read. */
const userSendText = z.object({
  event_name: z.literal('user_send_text'),
  app_id: z.string().min(1).max(64),
  sender: z.object({ id: zaloId }),
  recipient: z.object({ id: zaloId }),
  message: z.object({
    text: z.string(),
    msg_id: z.string().regex(/^[0-9A-Za-z_.:-]{1,128}$/, 'must be a message id (at most 128)'),
  }),
  timestamp: z.union([z.string().regex(TIMESTAMP), z.number().int().nonnegative()]),
  user_id_by_app: z.string().max(64).optional(),
});

function signatureOf(header: string | string[] | undefined): Buffer {
  if (header === undefined || header === '' || (Array.isArray(header) && header.length === 0))
    throw new ZaloWebhookError(
      'MISSING_SIGNATURE',
      `Send the event's signature in ${ZALO_SIGNATURE_HEADER}: mac=<sha256 hex>`,
    );
  const match = typeof header === 'string' ? SIGNATURE.exec(header) : null;
  if (!match?.[1])
    throw new ZaloWebhookError(
      'BAD_SIGNATURE',
      `${ZALO_SIGNATURE_HEADER} must be mac= and 64 hexadecimal digits`,
    );
  return Buffer.from(match[1], 'hex');
}

/** The body as a JSON object, read strictly as UTF-8. */
function jsonObject(rawBody: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch {
    throw new ZaloWebhookError('MALFORMED_BODY', 'The body must be a JSON object in UTF-8');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ZaloWebhookError('MALFORMED_BODY', 'The body must be a JSON object in UTF-8');
  return value as Record<string, unknown>;
}

/** The `timestamp` field as it is signed (its text), or a refusal. */
function signedTimestamp(body: Record<string, unknown>): string {
  const value = body.timestamp;
  if (typeof value === 'string' && TIMESTAMP.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new ZaloWebhookError(
    'MALFORMED_BODY',
    'The body must carry the event time in `timestamp` (milliseconds)',
  );
}

/**
 * A verifier for one OA's webhook. `verify` takes the raw body bytes, exactly as received, and
 * the `X-ZEvent-Signature` header; it returns the event or throws `ZaloWebhookError`. Checks run
 * cheapest and least revealing first: size, header form, JSON, signature, then (signed) app id,
 * recipient, freshness and the event's shape.
 */
export function createZaloWebhookVerifier(options: ZaloWebhookOptions) {
  if (options.appId === '' || options.oaSecretKey === '')
    throw new Error('The Zalo webhook needs the app id and the OA secret key');
  const maxBodyBytes = options.maxBodyBytes ?? ZALO_DEFAULT_MAX_BODY_BYTES;
  const maxAgeMs = options.maxAgeMs ?? ZALO_DEFAULT_MAX_AGE_MS;
  const maxFutureSkewMs = options.maxFutureSkewMs ?? ZALO_DEFAULT_MAX_FUTURE_SKEW_MS;
  const clock = options.clock ?? Date.now;

  function expectedMac(rawBody: Uint8Array, timestamp: string): Buffer {
    return createHash('sha256')
      .update(options.appId, 'utf8')
      .update(rawBody)
      .update(timestamp, 'utf8')
      .update(options.oaSecretKey, 'utf8')
      .digest();
  }

  return {
    verify(rawBody: Uint8Array, signatureHeader: string | string[] | undefined): ZaloWebhookEvent {
      if (rawBody.byteLength > maxBodyBytes)
        throw new ZaloWebhookError(
          'BODY_TOO_LARGE',
          `The body is larger than ${maxBodyBytes} bytes`,
        );
      const given = signatureOf(signatureHeader);
      const body = jsonObject(rawBody);
      const timestamp = signedTimestamp(body);
      // Both sides are 32 bytes (the header was checked for 64 hex digits): constant time.
      if (!timingSafeEqual(given, expectedMac(rawBody, timestamp)))
        throw new ZaloWebhookError('BAD_SIGNATURE', 'The event signature does not match');

      if (body.app_id !== options.appId)
        throw new ZaloWebhookError('WRONG_APP', 'The event is for another Zalo app');
      const sentAt = Number(timestamp);
      const now = clock();
      if (sentAt < now - maxAgeMs)
        throw new ZaloWebhookError(
          'STALE_EVENT',
          `The event is older than ${Math.round(maxAgeMs / 1000)} s; it was acknowledged and dropped`,
        );
      if (sentAt > now + maxFutureSkewMs)
        throw new ZaloWebhookError(
          'FUTURE_EVENT',
          'The event is stamped in the future; resend it later',
        );

      const eventName = body.event_name;
      if (typeof eventName !== 'string' || eventName === '' || eventName.length > 64)
        throw new ZaloWebhookError('MALFORMED_EVENT', 'The event has no event_name', [
          { field: 'event_name', description: 'must be the name of a Zalo event' },
        ]);
      if (eventName !== 'user_send_text') return { kind: 'ignored', eventName };

      const parsed = userSendText.safeParse(body);
      if (!parsed.success) {
        const violations = zodViolations(parsed.error);
        throw new ZaloWebhookError(
          'MALFORMED_EVENT',
          `The user_send_text event is malformed: ${violations.map((v) => `${v.field}: ${v.description}`).join('; ')}`,
          violations,
        );
      }
      const event = parsed.data;
      if (options.oaId !== undefined && event.recipient.id !== options.oaId)
        throw new ZaloWebhookError('WRONG_RECIPIENT', 'The event is for another Official Account');
      return {
        kind: 'text',
        message: {
          messageId: event.message.msg_id,
          idempotencyKey: `zalo:${event.message.msg_id}`,
          senderId: event.sender.id,
          recipientId: event.recipient.id,
          appId: event.app_id,
          userIdByApp: event.user_id_by_app ?? null,
          text: event.message.text,
          sentAt: new Date(sentAt),
        },
      };
    },
  };
}

export type ZaloWebhookVerifier = ReturnType<typeof createZaloWebhookVerifier>;
