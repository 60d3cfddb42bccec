import { isIP } from 'node:net';
import type { Agent, request as undiciRequest } from 'undici';
import { SIGNATURE_HEADER, signWebhook } from '../../app/webhook-signature.js';
import type { ChannelAdapter, OutboundMessage, SendResult } from './channel.js';
import { checkedLookup, isPrivateAddressRefusal } from './checked-lookup.js';
import { isPublicAddress, systemResolver, type Resolver } from './private-address.js';
import { DEFAULT_MAX_RETRY_AFTER_MS, isTransientStatus, parseRetryAfter } from './provider-http.js';

/** Partners de-duplicate on this: a retried delivery carries the same value. */
export const DELIVERY_ID_HEADER = 'PCN-Delivery-Id';
export const WEBHOOK_USER_AGENT = 'PCN-Webhooks/1';

export interface WebhookChannelOptions {
  /** Per attempt, connecting, headers and body included; default 10 s. */
  timeoutMs?: number;
  /** Cap on a partner's Retry-After; default 10 minutes. */
  maxRetryAfterMs?: number;
  /** Plain-http endpoints; only for tests and local development. */
  allowHttp?: boolean;
  /** Endpoints on loopback or private addresses; only for tests and local development. */
  allowPrivateNetworks?: boolean;
  /** Clock for the signature timestamp, in ms. */
  now?: () => number;
  /** How host names are resolved; default the system resolver. Tests inject their own DNS. */
  resolve?: Resolver;
  /** Extra certificate authorities to trust (tests); the system's are used otherwise. */
  ca?: string | Buffer;
}

const PRIVATE = 'webhook host resolves to a private address';

function failure(err: unknown, timedOut: boolean): SendResult {
  if (isPrivateAddressRefusal(err)) return { status: 'rejected', reason: PRIVATE };
  if (timedOut) return { status: 'retry', reason: 'timeout' };
  // The reason names the error code only (ECONNREFUSED, ERR_TLS_CERT_ALTNAME_INVALID, ...).
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return { status: 'retry', reason: `network ${code}` };
    e = e.cause;
  }
  return { status: 'retry', reason: 'network error' };
}

/**
 * Signed JSON POSTs to partner systems. Redirects are not followed (a redirect could carry a signed
 * delivery to a host the partner never registered), and response bodies are never read.
 *
 * Outside development a partner's URL may not lead into our own network (SSRF). Every connection
 * goes through one undici dispatcher whose lookup resolves the host once, checks each address it
 * got, and connects only to those: a second DNS answer (rebinding) is never asked for, so it can
 * never be used. TLS still verifies the certificate against the host name (SNI is the name).
 */
export function createWebhookChannel(options: WebhookChannelOptions = {}): ChannelAdapter {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const now = options.now ?? Date.now;
  const allowPrivate = options.allowPrivateNetworks ?? false;
  // undici costs ~20 MB of memory once loaded: only a service that sends webhooks pays for it.
  let client: Promise<{ agent: Agent; request: typeof undiciRequest }> | undefined;
  const connect = () =>
    (client ??= import('undici').then(({ Agent, request }) => ({
      request,
      agent: new Agent({
        connect: {
          lookup: checkedLookup(options.resolve ?? systemResolver, allowPrivate),
          timeout: timeoutMs,
          ...(options.ca !== undefined && { ca: options.ca }),
        },
      }),
    })));

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
    // An address literal is connected to without a lookup, so it is checked here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && isIP(literal) !== 0 && !isPublicAddress(literal))
      return { status: 'rejected', reason: PRIVATE };

    // Sign the exact bytes that go on the wire.
    const body = JSON.stringify(message.payload);
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let retryAfter: string | string[] | undefined;
    try {
      const { agent, request } = await connect();
      const response = await request(url, {
        method: 'POST',
        dispatcher: agent,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': WEBHOOK_USER_AGENT,
          [SIGNATURE_HEADER]: signWebhook(message.webhookSecret, body, now() / 1000),
          [DELIVERY_ID_HEADER]: message.deliveryId,
        },
        body,
        signal,
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      // Frees the connection without reading a body nobody needs.
      await response.body.dump().catch(() => undefined);
    } catch (err) {
      return failure(err, signal.aborted);
    }

    if (status >= 200 && status < 300) return { status: 'delivered', providerMessageId: null };
    if (isTransientStatus(status)) {
      const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
      const retryAfterMs = parseRetryAfter(header ?? null, maxRetryAfterMs);
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
    close: async () => {
      if (client) await (await client).agent.close();
    },
  };
}
