import { createEventFactory, type EventData } from '@pcn/events';
import { describe, expect, it } from 'vitest';
import { planReply, replyContact } from './reply-plan.js';
import { decideReply, REPLY_QUIET_HOURS, replyOptOutId } from './reply-policy.js';
import { fitSms } from './reply-text.js';
import { segmentSms } from './sms-segments.js';
import type { Subscriber } from './notification.model.js';

const now = new Date('2026-03-02T03:00:00Z'); // 10:00 in Vietnam
const night = new Date('2026-03-02T15:30:00Z'); // 22:30 in Vietnam
const events = createEventFactory('feedback', { now: () => now });

type ReplyTo = EventData<'pcn.feedback.v1.FeedbackReceived'>['replyTo'];

function receipt(replyTo: ReplyTo, feedbackId = 'fb-1') {
  return events.create('pcn.feedback.v1.FeedbackReceived', feedbackId, {
    feedbackId,
    draftId: 'd-1',
    version: 1,
    articleId: null,
    clauseId: null,
    stance: 'question',
    channel: 'web',
    language: 'hmn',
    unitId: null,
    submitterKind: 'citizen',
    verified: false,
    receivedAt: now.toISOString(),
    receiptCode: 'AB12-CD34',
    replyTo,
  });
}

function answer(replyTo: ReplyTo, feedbackId = 'fb-1') {
  return events.create('pcn.feedback.v1.FeedbackAnswered', feedbackId, {
    feedbackId,
    draftId: 'd-1',
    articleId: null,
    groupId: null,
    outcome: 'accepted',
    reason: 'Đã sửa.',
    changedArticleIds: [],
    answeredAt: now.toISOString(),
    publishedAt: now.toISOString(),
    language: 'vi',
    receiptCode: 'AB12-CD34',
    replyTo,
  });
}

describe('planReply', () => {
  it('plans one delivery, keyed by the event, guarded by the comment', () => {
    const event = receipt({ channel: 'sms', phone: '+84912345678' });
    const plan = planReply({
      event,
      type: 'pcn.feedback.v1.FeedbackReceived',
      partnerSubscriberId: null,
      now,
    });
    expect(plan).toMatchObject({
      action: 'reply',
      queue: true,
      reply: { id: 'receipt:fb-1', kind: 'receipt', deliveryId: `${event.id}:reply:sms` },
      delivery: {
        id: `${event.id}:reply:sms`,
        kind: 'event',
        state: 'queued',
        channel: 'sms',
        language: 'hmn',
        subscriberId: `reply:${event.id}`,
        replyId: 'receipt:fb-1',
      },
    });
    // Never the address in the delivery log.
    expect(JSON.stringify(plan.action === 'reply' && plan.delivery)).not.toContain('912345678');
    const second = planReply({
      event: answer({ channel: 'sms', phone: '+84912345678' }),
      type: 'pcn.feedback.v1.FeedbackAnswered',
      partnerSubscriberId: null,
      now,
    });
    expect(second.action === 'reply' && second.reply.id).toBe('answer:fb-1');
  });

  it('skips a comment with no way back', () => {
    const plan = planReply({
      event: receipt(null),
      type: 'pcn.feedback.v1.FeedbackReceived',
      partnerSubscriberId: null,
      now,
    });
    expect(plan).toEqual({ action: 'skip', reason: 'no_reply_to' });
  });

  it("sends a partner's user's reply through the partner's webhook subscriber, or logs it as not possible", () => {
    const event = receipt({ channel: 'partner', clientId: 'cong', externalRef: 'u-1' });
    const type = 'pcn.feedback.v1.FeedbackReceived' as const;
    expect(planReply({ event, type, partnerSubscriberId: 'sub-9', now })).toMatchObject({
      queue: true,
      delivery: { channel: 'webhook', subscriberId: 'sub-9', state: 'queued' },
    });
    expect(planReply({ event, type, partnerSubscriberId: null, now })).toMatchObject({
      queue: false,
      delivery: { channel: 'webhook', state: 'suppressed', reason: 'no_partner_webhook' },
    });
  });

  it('lower-cases e-mail addresses, as contact keys do', () => {
    expect(replyContact({ channel: 'email', email: 'A.B@X.VN' })?.address).toBe('a.b@x.vn');
  });
});

describe('decideReply', () => {
  const sms = { channel: 'sms', phone: '+84912345678' } as const;
  const delivery = { channel: 'sms', kind: 'event' } as const;

  it('sends to an unverified address, unless it refused replies', () => {
    const reply = { kind: 'receipt' as const, event: receipt(sms) };
    expect(decideReply({ delivery, reply, partner: null, optedOut: false, now })).toMatchObject({
      action: 'send',
      contact: { channel: 'sms', address: '+84912345678' },
    });
    expect(decideReply({ delivery, reply, partner: null, optedOut: true, now })).toEqual({
      action: 'suppress',
      reason: 'opted_out',
    });
  });

  it('sends receipts at night, holds answers on SMS, Zalo and e-mail until morning', () => {
    const r = { kind: 'receipt' as const, event: receipt(sms) };
    const a = { kind: 'answer' as const, event: answer(sms) };
    expect(
      decideReply({ delivery, reply: r, partner: null, optedOut: false, now: night }).action,
    ).toBe('send');
    expect(decideReply({ delivery, reply: a, partner: null, optedOut: false, now: night })).toEqual(
      {
        action: 'defer',
        until: new Date('2026-03-03T00:00:00Z'),
      },
    );
    const inApp = { channel: 'in_app', kind: 'event' } as const;
    const user = { kind: 'answer' as const, event: answer({ channel: 'in_app', userId: 'u-1' }) };
    expect(
      decideReply({ delivery: inApp, reply: user, partner: null, optedOut: true, now: night })
        .action,
    ).toBe('send');
    expect(REPLY_QUIET_HOURS).toMatchObject({ start: '21:00', end: '07:00' });
  });

  it("follows the partner's webhook subscriber's state", () => {
    const webhook = { channel: 'webhook', kind: 'event' } as const;
    const reply = {
      kind: 'receipt' as const,
      event: receipt({ channel: 'partner', clientId: 'cong', externalRef: 'u-1' }),
    };
    const partner = (contact: Partial<Subscriber['contacts'][number]>) =>
      ({
        id: 'sub-9',
        status: 'active',
        quietHours: null,
        contacts: [
          {
            channel: 'webhook',
            address: 'https://cong.example.vn/hook',
            secret: 's',
            verifiedAt: now.toISOString(),
            optedOutAt: null,
            ...contact,
          },
        ],
      }) as unknown as Subscriber;
    const decide = (p: Subscriber | null) =>
      decideReply({ delivery: webhook, reply, partner: p, optedOut: false, now });
    expect(decide(partner({})).action).toBe('send');
    expect(decide(partner({ disabledAt: now.toISOString() }))).toEqual({
      action: 'suppress',
      reason: 'endpoint_disabled',
    });
    expect(decide(null)).toEqual({ action: 'suppress', reason: 'subscriber_erased' });
  });

  it('keys refusals by a keyed hash, never the number', () => {
    const id = replyOptOutId('secret-0123456789', 'sms:+84912345678');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toContain('912345678');
    expect(replyOptOutId('another-secret-0123', 'sms:+84912345678')).not.toBe(id);
  });
});

describe('fitSms', () => {
  const render = (reason: string) =>
    `Góp ý AB12-CD34 được tiếp thu: ${reason} Xem: https://x.vn/d/1`;

  it('keeps a short explanation whole', () => {
    expect(fitSms(render, 'Đã sửa Điều 3.')).toEqual({
      message: render('Đã sửa Điều 3.'),
      cut: false,
    });
  });

  it('cuts a long one at a word, marks the cut, keeps the link, within the parts allowed', () => {
    const reason = 'Cơ quan soạn thảo tiếp thu và chỉnh sửa khoản 2 Điều 5. '.repeat(100);
    const out = fitSms(render, reason, 3);
    expect(out.cut).toBe(true);
    expect(segmentSms(out.message).segments).toBe(3);
    expect(out.message).toMatch(/[^\s]… Xem: https:\/\/x\.vn\/d\/1$/);
    // Within 3 parts, and nearly all of them used.
    expect(out.message.length).toBeGreaterThan(3 * 67 - 20);
  });

  it('leaves a template too long for the cap to its own length check', () => {
    const long = (reason: string) => `${'x'.repeat(600)} ${reason}`;
    expect(fitSms(long, 'abc', 3)).toEqual({ message: long('abc'), cut: false });
  });
});
