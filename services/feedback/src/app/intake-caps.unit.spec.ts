import { ResourceExhaustedError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import type { FeedbackRecord } from './feedback.model.js';
import { intakeCapKeys, takeIntakeCaps } from './intake-caps.js';

const caps = { perContact: 2, perClient: 3 };
const record = (via: string, address: string | null): FeedbackRecord =>
  ({
    submitter: {
      via,
      contact: address ? { channel: 'sms', address } : null,
    },
  }) as unknown as FeedbackRecord;
const now = new Date('2026-12-01T10:00:00Z');

describe('caps on anonymous comments', () => {
  it('caps anonymous people by contact and address, under keyed hashes; nobody else', () => {
    const keys = intakeCapKeys(record('anonymous', '+84912345678'), '203.0.113.9', caps, 'k1');
    expect(keys.map((k) => [k.scope, k.limit])).toEqual([
      ['contact', 2],
      ['client', 3],
    ]);
    expect(JSON.stringify(keys)).not.toMatch(/912345678|203\.0\.113/);
    // Another secret, other ids: the store cannot be matched against a guessed list.
    expect(intakeCapKeys(record('anonymous', '+84912345678'), null, caps, 'k2')[0]?.id).not.toBe(
      keys[0]?.id,
    );
    for (const via of ['user', 'partner', 'officer'])
      expect(intakeCapKeys(record(via, '+84912345678'), '203.0.113.9', caps, 'k1')).toEqual([]);
  });

  it('takes one slot from each cap, all or none, and says when to retry', () => {
    const keys = intakeCapKeys(record('anonymous', '+84912345678'), '203.0.113.9', caps, 'k1');
    const stored = new Map();
    for (let i = 0; i < 2; i++)
      for (const w of takeIntakeCaps(keys, stored, new Date(now.getTime() + i * 60_000)))
        stored.set(w.id, w);
    let refusal: unknown;
    try {
      takeIntakeCaps(keys, stored, new Date(now.getTime() + 120_000));
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(ResourceExhaustedError);
    expect((refusal as ResourceExhaustedError).reason).toBe('TOO_MANY_COMMENTS_FROM_CONTACT');
    // The first slot leaves the window an hour after it was taken: 58 minutes from then.
    expect((refusal as ResourceExhaustedError).retryAfterSeconds).toBe(58 * 60);
    // An hour on, the contact may comment again.
    expect(takeIntakeCaps(keys, stored, new Date(now.getTime() + 3_600_001))).toHaveLength(2);
  });
});
