import type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';
import { postJson, vietnameseMsisdn } from './provider-http.js';
import { createRateLimiter, RateLimiterClosedError, type RateLimiter } from './rate-limiter.js';

export const ZNS_SEND_PATH = '/message/template';

export interface ZaloZnsChannelOptions {
  /** E.g. `https://business.openapi.zalo.me`. */
  baseUrl: string;
  /**
   * The Official Account access token. ZNS tokens expire within a day and are refreshed elsewhere,
   * so a function is read on every send.
   */
  accessToken: string | (() => string | Promise<string>);
  /** The approved ZNS template the messages fill in. */
  templateId: string;
  /** The template's parameters for a message; default `{ title: subject, content: text }`. */
  templateData?: (message: OutboundMessage) => Record<string, string>;
  /** The OA's throughput; unlimited when unset. */
  ratePerSecond?: number;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * ZNS answers HTTP 200 with `error: 0` on success and a negative code otherwise. Assumptions (from
 * Zalo's published error table, which changes): -100 unknown error, -124 access token invalid or
 * expired (a refresh fixes it), -133 sending outside the hours ZNS allows, -144 daily quota
 * reached, and -32 the Open API rate limit are transient; every other code (bad phone, template,
 * user blocked the OA, ...) is permanent for this message.
 */
const TRANSIENT_CODES = new Set([-32, -100, -124, -133, -144]);

interface ZnsAnswer {
  error?: unknown;
  data?: { msg_id?: unknown } | null;
}

/** Zalo Notification Service template messages, by Zalo user id or by phone (`+84…`). */
export function createZaloZnsChannel(options: ZaloZnsChannelOptions): ChannelAdapter {
  const url = `${options.baseUrl.replace(/\/+$/, '')}${ZNS_SEND_PATH}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const templateData =
    options.templateData ?? ((m: OutboundMessage) => ({ title: m.subject, content: m.text }));
  const limiter: RateLimiter | undefined = options.ratePerSecond
    ? createRateLimiter({ ratePerSecond: options.ratePerSecond })
    : undefined;

  async function send(message: OutboundMessage): Promise<SendResult> {
    let recipient: { phone: string } | { user_id: string };
    if (message.to.startsWith('+')) {
      const phone = vietnameseMsisdn(message.to);
      if (!phone)
        return { status: 'rejected', reason: 'zalo address not a Vietnamese E.164 number' };
      recipient = { phone };
    } else if (/^\d{1,32}$/.test(message.to)) recipient = { user_id: message.to };
    else return { status: 'rejected', reason: 'zalo address not a user id or phone' };

    try {
      await limiter?.take();
    } catch (err) {
      if (err instanceof RateLimiterClosedError)
        return { status: 'retry', reason: 'shutting down' };
      throw err;
    }
    const token =
      typeof options.accessToken === 'function' ? await options.accessToken() : options.accessToken;

    const answer = await postJson(
      url,
      {
        ...recipient,
        template_id: options.templateId,
        template_data: templateData(message),
        tracking_id: message.deliveryId,
      },
      {
        headers: { access_token: token },
        timeoutMs,
        ...(options.fetch && { fetch: options.fetch }),
      },
    );
    if (!answer.ok) return answer.result;

    const body = (answer.json ?? {}) as ZnsAnswer;
    const code =
      typeof body.error === 'number'
        ? body.error
        : typeof body.error === 'string' && /^-?\d+$/.test(body.error)
          ? Number(body.error)
          : Number.NaN;
    if (!Number.isInteger(code)) return { status: 'retry', reason: 'unreadable provider answer' };
    if (code === 0) {
      const msgId = body.data?.msg_id;
      return {
        status: 'sent',
        providerMessageId:
          typeof msgId === 'string' || typeof msgId === 'number' ? String(msgId) : null,
      };
    }
    if (TRANSIENT_CODES.has(code)) return { status: 'retry', reason: `provider code ${code}` };
    return { status: 'rejected', reason: `provider code ${code}` };
  }

  return {
    channel: 'zalo',
    send,
    close: () => {
      limiter?.close();
      return Promise.resolve();
    },
  };
}
