import { segmentSms } from '../../app/sms-segments.js';
import type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';
import { postJson, vietnameseMsisdn } from './provider-http.js';
import { createRateLimiter, RateLimiterClosedError, type RateLimiter } from './rate-limiter.js';

export const ESMS_SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

export interface SmsBrandnameChannelOptions {
  /** E.g. `https://rest.esms.vn`, without the path. */
  baseUrl: string;
  apiKey: string;
  secretKey: string;
  /** The registered sender name shown on the handset. */
  brandname: string;
  /** Longer messages are refused here rather than billed as a long chain; default 5. */
  maxSegments?: number;
  /** The account's throughput; unlimited when unset. */
  ratePerSecond?: number;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** The gateway validates and answers but delivers nothing (and bills nothing). */
  sandbox?: boolean;
  fetch?: typeof fetch;
}

/** `CodeResult` values that mean the gateway has the message. */
const ACCEPTED = '100';
/** The RequestId was already received: a resend after a crash, which the gateway already holds. */
const DUPLICATE_REQUEST = '124';
/**
 * Codes worth another attempt. eSMS's older docs call 99 an unknown error; its current English
 * table says "phone number blocked". 101 (credentials refused) and 103 (balance too low) are the
 * account's problem, not the message's: an operator can fix them within the retry schedule, and
 * failing every queued SMS for good meanwhile would lose them. Retrying is bounded by the
 * delivery's attempt limit either way.
 */
const TRANSIENT_CODES = new Set(['99', '101', '103']);

interface EsmsAnswer {
  CodeResult?: unknown;
  SMSID?: unknown;
}

/**
 * Brand-name SMS (customer-care type, SmsType 2) through an eSMS.vn-style JSON gateway. RequestId
 * is the delivery id, so a resend after a crash is recognised by the gateway instead of sent twice.
 */
export function createSmsBrandnameChannel(options: SmsBrandnameChannelOptions): ChannelAdapter {
  const url = `${options.baseUrl.replace(/\/+$/, '')}${ESMS_SEND_PATH}`;
  const maxSegments = options.maxSegments ?? 5;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const limiter: RateLimiter | undefined = options.ratePerSecond
    ? createRateLimiter({ ratePerSecond: options.ratePerSecond })
    : undefined;

  async function send(message: OutboundMessage): Promise<SendResult> {
    const phone = vietnameseMsisdn(message.to);
    if (!phone) return { status: 'rejected', reason: 'sms address not a Vietnamese E.164 number' };
    const segmentation = segmentSms(message.text);
    if (segmentation.segments > maxSegments) {
      return {
        status: 'rejected',
        reason: `sms too long: ${segmentation.segments} segments (max ${maxSegments})`,
      };
    }
    try {
      await limiter?.take();
    } catch (err) {
      if (err instanceof RateLimiterClosedError)
        return { status: 'retry', reason: 'shutting down' };
      throw err;
    }

    const answer = await postJson(
      url,
      {
        ApiKey: options.apiKey,
        SecretKey: options.secretKey,
        Phone: phone,
        Content: message.text,
        Brandname: options.brandname,
        SmsType: '2',
        IsUnicode: segmentation.encoding === 'UCS-2' ? '1' : '0',
        RequestId: message.deliveryId,
        Sandbox: options.sandbox ? '1' : '0',
      },
      { timeoutMs, ...(options.fetch && { fetch: options.fetch }) },
    );
    if (!answer.ok) return answer.result;

    const body = (answer.json ?? {}) as EsmsAnswer;
    const code =
      typeof body.CodeResult === 'string' || typeof body.CodeResult === 'number'
        ? String(body.CodeResult)
        : undefined;
    // A 2xx without a readable code may have been accepted; the resend is safe (RequestId).
    if (code === undefined) return { status: 'retry', reason: 'unreadable provider answer' };
    if (code === ACCEPTED || code === DUPLICATE_REQUEST) {
      const smsId = typeof body.SMSID === 'string' && body.SMSID !== '' ? body.SMSID : null;
      return { status: 'sent', providerMessageId: smsId };
    }
    if (TRANSIENT_CODES.has(code)) return { status: 'retry', reason: `provider code ${code}` };
    return { status: 'rejected', reason: `provider code ${code}` };
  }

  return {
    channel: 'sms',
    send,
    close: () => {
      limiter?.close();
      return Promise.resolve();
    },
  };
}
