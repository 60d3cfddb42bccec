import { resolvesToPrivate } from './private-address.js';
import { SIGNATURE_HEADER, signWebhook } from '../../app/webhook-signature.js';
import type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  discardBody,
  fetchFailure,
  isTransientStatus,
  parseRetryAfter,
} from './provider-http.js';

/** Partners de-duplicate on this: a retried delivery carries the same value. */
export const DELIVERY_ID_HEADER = 'PCN-Delivery-Id';
export const WEBHOOK_USER_AGENT = 'PCN-Webhooks/1';

export interface WebhookChannelOptions {
  /** Per attempt, headers and body included; default 10 s. */
  timeoutMs?: number;
  /** Cap on a partner's Retry-After; default 10 minutes. */
  maxRetryAfterMs?: number;
  /** Plain-http endpoints; only for tests and local development. */
  allowHttp?: boolean;
  /** Endpoints on loopback or private addresses; only for tests and local development. */
  allowPrivateNetworks?: boolean;
  /** Clock for the signature timestamp, in ms. */
  now?: () => number;
  fetch?: typeof fetch;
}

/**
 * Signed JSON POSTs to partner systems. Redirects are not followed (a redirect could carry a signed
 * delivery to a host the partner never registered), and response bodies are never read.
 */
export function createWebhookChannel(options: WebhookChannelOptions = {}): ChannelAdapter {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;

  async function send(message: OutboundMessage): Promise<SendResult> {
    if (!message.webhookSecret) return { status: 'rejected', reason: 'webhook secret missing' };
    if (message.payload === undefined)
      return { status: 'rejected', reason: 'webhook payload missing' };
    let url: URL;
    try {
      url = new URL(message.to);
    } catch {
      return { status: 'rejected', reason: 'webhook url invalid' };
    }
    const schemeOk = url.protocol === 'https:' || (options.allowHttp && url.protocol === 'http:');
    if (!schemeOk) return { status: 'rejected', reason: 'webhook url not https' };
    // Outside development a partner's URL may not lead into our own network (SSRF). Checked at
    // each send, since DNS can change after the endpoint was registered.
    if (!options.allowPrivateNetworks && (await resolvesToPrivate(url.hostname)))
      return { status: 'rejected', reason: 'webhook host resolves to a private address' };

    // Sign the exact bytes that go on the wire.
    const body = JSON.stringify(message.payload);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': WEBHOOK_USER_AGENT,
          [SIGNATURE_HEADER]: signWebhook(message.webhookSecret, body, now() / 1000),
          [DELIVERY_ID_HEADER]: message.deliveryId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return fetchFailure(err);
    }
    await discardBody(response);

    const { status } = response;
    if (status >= 200 && status < 300) return { status: 'delivered', providerMessageId: null };
    if (isTransientStatus(status)) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), maxRetryAfterMs);
      return {
        status: 'retry',
        reason: `http ${status}`,
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      };
    }
    if (status >= 300 && status < 400) {
      return { status: 'rejected', reason: `http ${status} redirect not followed` };
    }
    // 410 Gone says the partner removed the endpoint: the caller may disable it at once.
    if (status === 410) return { status: 'rejected', reason: 'http 410 gone' };
    return { status: 'rejected', reason: `http ${status}` };
  }

  return {
    channel: 'webhook',
    send,
    // fetch keeps no per-adapter resources.
    close: () => Promise.resolve(),
  };
}
