import { describe, expect, it } from 'vitest';
import type { ContactPoint } from './notification.model.js';
import { afterWebhookAttempt, webhookHealthChanges } from './webhook-health.js';

const now = new Date('2026-03-01T08:00:00.000Z');
const hook = (failures: number, disabledAt: string | null = null): ContactPoint => ({
  channel: 'webhook',
  address: 'https://partner.example/hook',
  verifiedAt: now.toISOString(),
  optedOutAt: null,
  secret: 's'.repeat(40),
  failures,
  disabledAt,
});
const email: ContactPoint = {
  channel: 'email',
  address: 'a@b.vn',
  verifiedAt: null,
  optedOutAt: null,
};

describe('webhookHealthChanges', () => {
  it('keeps failures and successes after failures; the last attempt of a subscriber counts', () => {
    const failures: Record<string, number> = { a: 0, b: 2, c: 0, d: 1 };
    const changes = webhookHealthChanges(
      [
        { subscriberId: 'a', state: 'sent' },
        { subscriberId: 'b', state: 'delivered' },
        { subscriberId: 'c', state: 'sent' },
        { subscriberId: 'c', state: 'retry' },
        { subscriberId: 'd', state: 'failed' },
        { subscriberId: 'e', state: 'suppressed' },
        { subscriberId: 'e', state: 'deferred' },
      ],
      (id) => failures[id] ?? 0,
    );
    expect([...changes]).toEqual([
      ['b', true],
      ['c', false],
      ['d', false],
    ]);
  });
});

describe('afterWebhookAttempt', () => {
  const subscriber = (contact: ContactPoint) => ({ id: 's1', contacts: [email, contact] });

  it('counts a failure, and resets the count on success', () => {
    expect(afterWebhookAttempt(subscriber(hook(1)), false, 5, now)).toEqual({
      contacts: [email, { ...hook(2) }],
      failures: 2,
      alert: null,
    });
    expect(afterWebhookAttempt(subscriber(hook(4)), true, 5, now)).toEqual({
      contacts: [email, hook(0)],
      failures: 0,
      alert: null,
    });
  });

  it('disables the endpoint at the limit and raises an alert for admins', () => {
    const after = afterWebhookAttempt(subscriber(hook(4)), false, 5, now);
    expect(after?.contacts[1]).toEqual(hook(5, now.toISOString()));
    expect(after?.alert).toEqual({
      id: `webhook-disabled:s1:${now.getTime()}`,
      kind: 'webhook_disabled',
      subscriberId: 's1',
      channel: 'webhook',
      message: 'Webhook endpoint of subscriber s1 disabled after 5 failed attempts in a row',
      createdAt: now.toISOString(),
    });
  });

  it('leaves a disabled endpoint, or a subscriber without one, alone', () => {
    expect(afterWebhookAttempt(subscriber(hook(5, now.toISOString())), true, 5, now)).toBeNull();
    expect(afterWebhookAttempt({ id: 's1', contacts: [email] }, false, 5, now)).toBeNull();
  });
});
