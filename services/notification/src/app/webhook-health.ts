import type { ContactPoint } from './notification.model.js';
import type { AlertRecord } from './notification.ports.js';

/**
 * Webhook endpoint health: an endpoint that fails `disableAfter` attempts in a row is disabled
 * (no more sends until its owner fixes it) and admins are alerted; any success resets the count.
 */

/** What became of one delivery attempt, as far as endpoint health goes. */
export interface WebhookAttempt {
  subscriberId: string;
  state: 'sent' | 'delivered' | 'suppressed' | 'deferred' | 'retry' | 'failed';
}

/**
 * Per subscriber, whether its endpoint answered (the last attempt in `attempts` counts), keeping
 * only what changes its health: a failure, or a success after failures (`failuresOf`).
 */
export function webhookHealthChanges(
  attempts: readonly WebhookAttempt[],
  failuresOf: (subscriberId: string) => number,
): Map<string, boolean> {
  const answered = new Map<string, boolean>();
  for (const a of attempts) {
    if (a.state === 'sent' || a.state === 'delivered') answered.set(a.subscriberId, true);
    else if (a.state === 'retry' || a.state === 'failed') answered.set(a.subscriberId, false);
  }
  for (const [subscriberId, ok] of answered)
    if (ok && failuresOf(subscriberId) === 0) answered.delete(subscriberId);
  return answered;
}

/**
 * The subscriber's contacts after its endpoint answered (`ok`) or not, and the alert to raise when
 * this attempt disables it; null when there is no live webhook contact to count on.
 */
export function afterWebhookAttempt(
  subscriber: { id: string; contacts: readonly ContactPoint[] },
  ok: boolean,
  disableAfter: number,
  now: Date,
): { contacts: ContactPoint[]; failures: number; alert: AlertRecord | null } | null {
  const contact = subscriber.contacts.find((c) => c.channel === 'webhook');
  if (!contact || contact.disabledAt) return null;
  const failures = ok ? 0 : (contact.failures ?? 0) + 1;
  const disable = failures >= disableAfter;
  const at = now.toISOString();
  const contacts = subscriber.contacts.map((c) =>
    c === contact ? { ...c, failures, disabledAt: disable ? at : (c.disabledAt ?? null) } : c,
  );
  const alert: AlertRecord | null = disable
    ? {
        id: `webhook-disabled:${subscriber.id}:${now.getTime()}`,
        kind: 'webhook_disabled',
        subscriberId: subscriber.id,
        channel: 'webhook',
        message: `Webhook endpoint of subscriber ${subscriber.id} disabled after ${failures} failed attempts in a row`,
        createdAt: at,
      }
    : null;
  return { contacts, failures, alert };
}
