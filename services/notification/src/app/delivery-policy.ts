import type { Channel, ContactPoint, Delivery, Subscriber } from './notification.model.js';
import { isQuiet, localMinutes, minutesOf, nextAllowed } from './quiet-hours.js';

/** Retry schedule and limits of deliveries; from configuration. */
export interface DeliveryRules {
  /** Attempts before a delivery fails for good. */
  maxAttempts: number;
  /** Delay before attempt n+1 after attempt n failed; the last entry repeats. */
  backoffMs: readonly number[];
  /** Consecutive failed attempts after which a webhook endpoint is disabled. */
  webhookDisableAfter: number;
}

export const DEFAULT_DELIVERY_RULES: DeliveryRules = {
  maxAttempts: 5,
  backoffMs: [30_000, 120_000, 600_000, 3_600_000],
  webhookDisableAfter: 10,
};

/** How long queued work may wait for a worker before the due scheduler queues it again. */
export const DEFAULT_REDRIVE_AFTER_MS = 15 * 60_000;
const MAX_REDRIVE_AFTER_MS = 6 * 3_600_000;

/**
 * When work queued at `now` is queued again if no worker handled it by then: after `afterMs`, or
 * after as long again as it has existed (since `createdAt`), up to 6 hours. Work behind a long
 * backlog is then copied a few times at most, while lost work goes out again soon.
 */
export function redriveAt(now: Date, createdAt: string, afterMs: number): string {
  const age = now.getTime() - Date.parse(createdAt);
  const wait = Math.min(Math.max(afterMs, Number.isFinite(age) ? age : 0), MAX_REDRIVE_AFTER_MS);
  return new Date(now.getTime() + Math.max(afterMs, wait)).toISOString();
}

/** One id per (event, subscriber, channel): the unique key that makes fan-out exactly-once. */
export function deliveryId(eventId: string, subscriberId: string, channel: Channel): string {
  return `${eventId}:${subscriberId}:${channel}`;
}

/** Channels that wake people up, and so wait for the end of quiet hours. */
export const QUIET_CHANNELS: ReadonlySet<Channel> = new Set(['sms', 'zalo', 'email']);

export type SendDecision =
  | { action: 'send'; contact: ContactPoint }
  | { action: 'suppress'; reason: string }
  | { action: 'defer'; until: Date };

/**
 * What to do with a queued delivery now, decided again at send time so that an opt-out or a
 * disabled endpoint is honoured for messages already queued. Verification messages go to
 * unverified contacts (that is their point) and ignore quiet hours.
 */
export function decideSend(
  delivery: Pick<Delivery, 'channel' | 'kind' | 'expiresAt'>,
  subscriber: Subscriber | null,
  now: Date,
): SendDecision {
  if (!subscriber) return { action: 'suppress', reason: 'subscriber_erased' };
  const contact = subscriber.contacts.find((c) => c.channel === delivery.channel);
  if (!contact) return { action: 'suppress', reason: 'no_contact' };
  if (contact.optedOutAt) return { action: 'suppress', reason: 'opted_out' };
  if (contact.disabledAt) return { action: 'suppress', reason: 'endpoint_disabled' };
  if (delivery.kind === 'verification') {
    // Held up past its expiry (a store outage, a lost work item): the code would not work.
    if (delivery.expiresAt && Date.parse(delivery.expiresAt) <= now.getTime())
      return { action: 'suppress', reason: 'expired' };
    return { action: 'send', contact };
  }
  if (subscriber.status === 'opted_out') return { action: 'suppress', reason: 'opted_out' };
  if (!contact.verifiedAt) return { action: 'suppress', reason: 'unverified' };
  if (subscriber.quietHours && QUIET_CHANNELS.has(delivery.channel)) {
    if (isQuiet(subscriber.quietHours, now))
      return { action: 'defer', until: nextAllowed(subscriber.quietHours, now) };
  }
  return { action: 'send', contact };
}

/** After a failed attempt: retry later, or fail for good. */
export function afterFailure(
  attempts: number,
  permanent: boolean,
  rules: DeliveryRules,
  now: Date,
  retryAfterMs?: number,
): { final: true } | { final: false; retryAt: Date } {
  if (permanent || attempts >= rules.maxAttempts) return { final: true };
  const planned = rules.backoffMs[attempts - 1] ?? rules.backoffMs.at(-1) ?? 60_000;
  const wait = Math.max(planned, Math.min(retryAfterMs ?? 0, 24 * 3_600_000));
  return { final: false, retryAt: new Date(now.getTime() + wait) };
}

/** Local calendar day (YYYY-MM-DD) in a time zone, for daily digests. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * The digest an event joins: today's when it arrives before the daily send time, else tomorrow's,
 * so each day's digest is sent once, at `sendAt` local time, with whatever it holds.
 */
export function digestDay(at: Date, sendAt: string, timeZone: string): string {
  const late = localMinutes(at, timeZone) >= minutesOf(sendAt);
  return localDay(late ? new Date(at.getTime() + 24 * 3_600_000) : at, timeZone);
}

/** The latest digest day that is due at `at`: today once past `sendAt`, else yesterday. */
export function dueDigestDay(at: Date, sendAt: string, timeZone: string): string {
  const late = localMinutes(at, timeZone) >= minutesOf(sendAt);
  return localDay(late ? at : new Date(at.getTime() - 24 * 3_600_000), timeZone);
}

/** A delivery not yet attempted: queued, with nothing to report. */
export function newDelivery(
  fields: Pick<
    Delivery,
    'id' | 'kind' | 'sourceEventId' | 'eventType' | 'subscriberId' | 'channel'
  > &
    Partial<Pick<Delivery, 'language' | 'eventIds' | 'expiresAt' | 'replyId'>>,
  at: string,
): Delivery {
  return {
    language: '',
    ...fields,
    state: 'queued',
    attempts: 0,
    retryAt: null,
    redriveAt: null,
    reason: null,
    providerMessageId: null,
    createdAt: at,
    updatedAt: at,
  };
}
