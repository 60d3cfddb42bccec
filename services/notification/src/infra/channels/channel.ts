import type { Channel } from '../../app/notification.model.js';

/** One rendered notification, addressed to one contact point, ready for a provider. */
export interface OutboundMessage {
  /** Idempotency key: sent to providers as their request id / tracking id / header. */
  deliveryId: string;
  channel: Channel;
  /** Normalised address: email, E.164 phone (+84…), Zalo user id, https URL. */
  to: string;
  language: string;
  /** Email subject / title. */
  subject: string;
  /** Rendered body (plain text). */
  text: string;
  /** Email only. */
  html?: string;
  /** Email: List-Unsubscribe + List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058). */
  unsubscribeUrl?: string;
  /** Webhook only. */
  webhookSecret?: string;
  /** Webhook only: the JSON body object ({id, type, createdAt, data…}), sent as it is. */
  payload?: unknown;
}

/**
 * What a provider made of a message. `reason` goes to the delivery log, so it never holds personal
 * data: provider codes and status codes only, never addresses or message text.
 */
export type SendResult =
  | { status: 'sent' | 'delivered'; providerMessageId: string | null }
  /** Transient: timeouts, 5xx, 429, connection errors. */
  | { status: 'retry'; reason: string; retryAfterMs?: number }
  /** Permanent: bad address, 4xx, the provider says invalid. */
  | { status: 'rejected'; reason: string };

export interface ChannelAdapter {
  readonly channel: Channel;
  send(message: OutboundMessage): Promise<SendResult>;
  close(): Promise<void>;
}
