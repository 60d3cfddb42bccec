import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames, createEventFactory, type EventData, type EventEnvelope } from '@pcn/events';
import type { CallerIdentity } from '@pcn/platform';
import { readStream, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Delivery } from './app/notification.model.js';
import type { DraftRecord } from './app/notification.ports.js';
import { signLinkToken } from './app/link-tokens.js';
import { REPLY_SMS_MAX_SEGMENTS } from './app/reply-text.js';
import { segmentSms } from './app/sms-segments.js';
import { verifyWebhookSignature } from './app/webhook-signature.js';
import { draftsCollection, repliesCollection } from './infra/notification.collections.js';
import type { ReplyRecord } from './app/reply-plan.js';
import { startNotificationService, type NotificationService } from './notification-service.js';
import { createErasePersonalData } from './app/erase-personal-data.usecase.js';
import { createNotificationRepository } from './infra/notification.repository.js';
import { testNotificationConfig } from './testing/notification-config.js';
import { startRecordingProvider, type RecordingProvider } from './testing/recording-provider.js';
import { startSmtpSink, type SmtpSink } from './testing/smtp-sink.js';

/**
 * Issue #10 §2: the submitter of a comment hears back — a receipt, then the answer — on the channel
 * they came from, in their language, once each. The notification service as it runs, on a real
 * nats-server and SQLite, with the SMTP sink and the recording SMS / Zalo / webhook provider.
 */

const admin: CallerIdentity = { kind: 'user', id: 'admin-1', roles: ['network_admin'] };
const gateway: CallerIdentity = { kind: 'service', id: 'gateway', roles: [] };
const partnerClient: CallerIdentity = { kind: 'api-client', id: 'cong-lao-cai', roles: [] };
const LINK_SECRET = 'link-secret-for-tests-0123456789abcdef';
const PARTNER_SECRET = 'partner-webhook-secret-0123456789abcdef';
const consent = { given: true, method: 'api', textVersion: 'consent-2026-01' };

let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let dir: TempDir;
let smtp: SmtpSink;
let provider: RecordingProvider;
let svc: NotificationService;
let nc: NatsConnection;
let names: BusNames;
const prefix = uniquePrefix('rpl');
const draftEvents = createEventFactory('draft', clock);
const feedbackEvents = createEventFactory('feedback', clock);

async function publishEvent(event: EventEnvelope, msgId = event.id) {
  await jetstream(nc).publish(names.subjectFor(event.type), JSON.stringify(event), {
    msgID: msgId,
  });
  return event;
}

async function openDraft(draftId: string, title: Record<string, string>) {
  const event = draftEvents.create('pcn.draft.v1.ConsultationOpened', draftId, {
    draftId,
    code: `LC-${draftId}`,
    documentType: 'provincial_decision',
    agencyId: 'org-stnmt',
    title: { vi: `Dự thảo ${draftId}`, ...title },
    languages: ['vi', 'hmn'],
    targetUnitIds: ['lc-nobody'],
    ethnicGroups: [],
    audienceGroups: [],
    policyAreas: ['land'],
    publicDisclosure: true,
    version: 1,
    opensAt: clock.now().toISOString(),
    closesAt: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(),
  });
  await publishEvent(event);
  await waitFor(() => svc.host.store.collection<DraftRecord>(draftsCollection).get(draftId), {
    description: `the copy of ${draftId}`,
  });
}

type ReplyTo = EventData<'pcn.feedback.v1.FeedbackReceived'>['replyTo'];
let seq = 0;

function received(replyTo: ReplyTo, language: string, draftId = 'd-1', feedbackId = `fb-${++seq}`) {
  return feedbackEvents.create('pcn.feedback.v1.FeedbackReceived', feedbackId, {
    feedbackId,
    draftId,
    version: 1,
    articleId: null,
    clauseId: null,
    stance: 'suggest_change',
    channel: 'sms',
    language,
    unitId: null,
    submitterKind: 'citizen',
    verified: false,
    receivedAt: clock.now().toISOString(),
    receiptCode: `R${String(seq).padStart(3, '0')}-XK`,
    replyTo,
  });
}

function answered(
  receipt: EventEnvelope<'pcn.feedback.v1.FeedbackReceived'>,
  reason: string,
  outcome: EventData<'pcn.feedback.v1.FeedbackAnswered'>['outcome'] = 'partly_accepted',
) {
  const d = receipt.data;
  return feedbackEvents.create('pcn.feedback.v1.FeedbackAnswered', d.feedbackId, {
    feedbackId: d.feedbackId,
    draftId: d.draftId,
    articleId: null,
    groupId: null,
    outcome,
    reason,
    changedArticleIds: [],
    answeredAt: clock.now().toISOString(),
    publishedAt: clock.now().toISOString(),
    language: d.language,
    receiptCode: d.receiptCode,
    replyTo: d.replyTo,
  });
}

/** The one delivery of an event, once it has settled (no longer queued). */
async function settledDelivery(eventId: string): Promise<Delivery> {
  return waitFor(
    async () => {
      const page = await svc.notifications.deliveries({ sourceEventId: eventId }, admin);
      const d = page.items[0];
      return d && d.state !== 'queued' ? d : undefined;
    },
    { description: `the reply to ${eventId} to settle`, timeoutMs: 15_000 },
  );
}

async function deliveriesOf(eventId: string): Promise<Delivery[]> {
  return (await svc.notifications.deliveries({ sourceEventId: eventId }, admin)).items;
}

const smsTo = (phone: string) =>
  provider
    .requestsTo('esms')
    .filter((r) => (r.json as { Phone?: string }).Phone === phone.replace('+', ''))
    .map((r) => (r.json as { Content: string }).Content);

/** Handled by the consumer (its inbox has it), whatever it did. */
async function handled(eventId: string) {
  const durable = names.durable('notification', 'feedback-replies');
  await waitFor(() => svc.host.store.isProcessed(durable, eventId), {
    description: `${eventId} handled`,
  });
}

beforeAll(async () => {
  dir = await tempDir();
  smtp = await startSmtpSink();
  provider = await startRecordingProvider();
  const config = testNotificationConfig(
    {
      busPrefix: prefix,
      sqliteFile: `${dir.path}/notification.db`,
      linkSecret: LINK_SECRET,
      smtp,
      provider,
    },
    {
      ZALO_API_URL: provider.url,
      ZALO_ACCESS_TOKEN: 'zalo-token',
      ZALO_TEMPLATE_ID: '231',
      DELIVERY_BACKOFF: '100ms',
    },
  );
  svc = await startNotificationService(config, { handleSignals: false, clock });
  names = new BusNames(prefix);
  nc = await connect({ servers: inject('natsUrl') });
  await openDraft('d-1', { hmn: 'Txoj cai av d-1' });
  // No Hmong title: a Hmong reader gets the whole message in Vietnamese.
  await openDraft('d-vi-only', {});
}, 30_000);

afterAll(async () => {
  await nc?.drain();
  await svc?.host.lifecycle.shutdown('test done');
  await provider?.close();
  await smtp?.close();
  await dir?.[Symbol.asyncDispose]();
});

describe('receipts and answers on the channel the comment came from', () => {
  let smsReceipt: EventEnvelope<'pcn.feedback.v1.FeedbackReceived'>;

  it('sends an SMS receipt in Hmong with the receipt code and the draft code, and logs hmn', async () => {
    smsReceipt = received({ channel: 'sms', phone: '+84912000001' }, 'hmn');
    await publishEvent(smsReceipt);
    const d = await settledDelivery(smsReceipt.id);
    expect(d).toMatchObject({ state: 'sent', channel: 'sms', language: 'hmn' });
    expect(smsTo('+84912000001')).toEqual([
      `Peb tau txais koj tswv yim txog LC-d-1. Tus lej txais: ${smsReceipt.data.receiptCode}`,
    ]);
    // Sent: the record stays as the once-per-comment guard, the number goes.
    const kept = await svc.host.store
      .collection<ReplyRecord>(repliesCollection)
      .get(`receipt:${smsReceipt.data.feedbackId}`);
    expect(kept?.addressErasedAt).toBe(d.updatedAt);
    expect(JSON.stringify(kept)).not.toContain('912000001');
  });

  it('sends the SMS answer in Hmong, its long explanation cut to fit three parts with the link to the whole answer', async () => {
    const reason = `Cov lus piav qhia ntev heev. ${'Peb tau kawm koj tswv yim thiab hloov tsab cai. '.repeat(60)}`;
    const answer = answered(smsReceipt, reason);
    await publishEvent(answer);
    const d = await settledDelivery(answer.id);
    expect(d).toMatchObject({ state: 'sent', language: 'hmn' });
    const sms = smsTo('+84912000001');
    expect(sms).toHaveLength(2);
    const text = sms[1]!;
    expect(text).toMatch(
      new RegExp(`^Tswv yim ${smsReceipt.data.receiptCode} tau txais yuav ib feem: Cov lus piav`),
    );
    expect(text).toContain('… Saib: https://pcn.example.vn/drafts/d-1');
    expect(segmentSms(text).segments).toBeLessThanOrEqual(REPLY_SMS_MAX_SEGMENTS);
    expect(text.length).toBeLessThan(reason.length);
  });

  it('sends a Zalo receipt and answer in Vietnamese', async () => {
    const receipt = received({ channel: 'zalo', zaloUserId: '5812340000001' }, 'vi');
    await publishEvent(receipt);
    expect(await settledDelivery(receipt.id)).toMatchObject({ state: 'sent', language: 'vi' });
    const answer = answered(receipt, 'Đã bổ sung Điều 5.', 'accepted');
    await publishEvent(answer);
    expect(await settledDelivery(answer.id)).toMatchObject({ state: 'sent', language: 'vi' });
    const zns = provider
      .requestsTo('zns')
      .filter((r) => (r.json as { user_id?: string }).user_id === '5812340000001')
      .map((r) => (r.json as { template_data: { title: string; content: string } }).template_data);
    expect(zns).toHaveLength(2);
    expect(zns[0]!.content).toContain(
      `Chúng tôi đã nhận góp ý của bạn về dự thảo "Dự thảo d-1". Mã biên nhận: ${receipt.data.receiptCode}.`,
    );
    expect(zns[1]!.content).toContain(
      `Góp ý của bạn (mã ${receipt.data.receiptCode}) về dự thảo "Dự thảo d-1" được tiếp thu.\nGiải trình: Đã bổ sung Điều 5.`,
    );
  });

  it('sends an e-mail receipt and answer in Vietnamese, with no unsubscribe link (it is no subscription)', async () => {
    const receipt = received({ channel: 'email', email: 'Nguoi.Gop.Y@Example.vn' }, 'vi-VN');
    await publishEvent(receipt);
    expect(await settledDelivery(receipt.id)).toMatchObject({ state: 'sent', language: 'vi' });
    const answer = answered(
      receipt,
      'Ý kiến đã được ghi nhận để xem xét trong lần sửa sau.',
      'noted',
    );
    await publishEvent(answer);
    await settledDelivery(answer.id);
    const mails = smtp.messages.filter((m) => m.to.includes('nguoi.gop.y@example.vn'));
    expect(mails.map((m) => m.subject)).toEqual([
      `Đã nhận góp ý của Quý vị (mã ${receipt.data.receiptCode})`,
      `Trả lời góp ý của Quý vị (mã ${receipt.data.receiptCode})`,
    ]);
    expect(mails[1]!.text).toContain(
      'Giải trình: Ý kiến đã được ghi nhận để xem xét trong lần sửa sau.',
    );
    expect(mails[1]!.text).toContain('góp ý đã được ghi nhận.');
    expect(mails.every((m) => m.listUnsubscribe === undefined)).toBe(true);
  });

  it("puts the receipt in a signed-in user's in-app inbox in Hmong", async () => {
    const user: CallerIdentity = { kind: 'user', id: 'user-hmn', roles: ['public'] };
    const receipt = received({ channel: 'in_app', userId: 'user-hmn' }, 'hmn');
    await publishEvent(receipt);
    expect(await settledDelivery(receipt.id)).toMatchObject({
      state: 'delivered',
      language: 'hmn',
    });
    const inbox = await svc.notifications.inbox({}, user);
    expect(inbox.items.map((i) => [i.title, i.body, i.draftId])).toEqual([
      [
        'Peb tau txais koj tswv yim',
        `Peb tau txais koj tswv yim txog "Txoj cai av d-1". Tus lej txais: ${receipt.data.receiptCode}.`,
        'd-1',
      ],
    ]);
  });

  it("delivers to the partner's signed webhook with its externalRef, and says so when a partner has none", async () => {
    // The partner registers its webhook as it does today: subscribe with its API key, confirm.
    const sub = await svc.notifications.subscribe(
      {
        consent,
        kind: 'partner_system',
        language: 'vi',
        contacts: [
          { channel: 'webhook', address: `${provider.url}/hooks/cong`, secret: PARTNER_SECRET },
        ],
        unitIds: ['lc-nobody'],
      },
      partnerClient,
    );
    const code = await waitFor(
      () =>
        (
          provider.requestsTo('hook').find((r) => r.path === '/hooks/cong')?.json as
            { code?: string } | undefined
        )?.code,
      { description: 'the webhook verification code' },
    );
    await svc.notifications.confirm({ subscriberId: sub.subscriberId, channel: 'webhook', code });

    const receipt = received(
      { channel: 'partner', clientId: 'cong-lao-cai', externalRef: 'citizen-77' },
      'hmn',
    );
    await publishEvent(receipt);
    expect(await settledDelivery(receipt.id)).toMatchObject({
      state: 'delivered',
      channel: 'webhook',
      subscriberId: sub.subscriberId,
      language: 'hmn',
    });
    const hook = provider
      .requestsTo('hook')
      .filter((r) => r.path === '/hooks/cong')
      .at(-1)!;
    expect(
      verifyWebhookSignature(PARTNER_SECRET, String(hook.headers['pcn-signature']), hook.body),
    ).toMatchObject({ ok: true });
    const payload = hook.json as Record<string, unknown> & { event: { data: object } };
    expect(payload).toMatchObject({
      type: 'pcn.feedback.v1.FeedbackReceived',
      language: 'hmn',
      title: 'Txoj cai av d-1',
      externalRef: 'citizen-77',
      text: `Tau txais tswv yim txog LC-d-1 "Txoj cai av d-1". Tus lej txais: ${receipt.data.receiptCode}.`,
    });
    expect(payload.event.data).not.toHaveProperty('replyTo');

    const orphan = received(
      { channel: 'partner', clientId: 'no-such-partner', externalRef: 'x-1' },
      'vi',
    );
    await publishEvent(orphan);
    expect(await settledDelivery(orphan.id)).toMatchObject({
      state: 'suppressed',
      channel: 'webhook',
      reason: 'no_partner_webhook',
    });
  });
});

describe('one language per message', () => {
  it('falls back as a whole: a Hmong reader of a draft without a Hmong title gets Vietnamese, title included', async () => {
    const user: CallerIdentity = { kind: 'user', id: 'user-fallback', roles: ['public'] };
    const receipt = received({ channel: 'in_app', userId: 'user-fallback' }, 'hmn', 'd-vi-only');
    await publishEvent(receipt);
    expect(await settledDelivery(receipt.id)).toMatchObject({ language: 'vi' });
    const inbox = await svc.notifications.inbox({}, user);
    expect(inbox.items[0]?.body).toBe(
      `Góp ý của bạn về dự thảo "Dự thảo d-vi-only" đã được tiếp nhận. Mã biên nhận: ${receipt.data.receiptCode}.`,
    );
  });

  it('gives a language without templates the Vietnamese message, and the payload names vi', async () => {
    const receipt = received(
      { channel: 'partner', clientId: 'cong-lao-cai', externalRef: 'citizen-78' },
      'pcc',
    );
    await publishEvent(receipt);
    expect(await settledDelivery(receipt.id)).toMatchObject({ language: 'vi' });
    const hook = provider
      .requestsTo('hook')
      .filter((r) => (r.json as { externalRef?: string }).externalRef === 'citizen-78');
    expect(hook).toHaveLength(1);
    expect(hook[0]!.json).toMatchObject({ language: 'vi', title: 'Dự thảo d-1' });
  });
});

describe('opt-outs, caps and hostile events', () => {
  it('sends no receipt to a number that sent STOP, though it never subscribed', async () => {
    await svc.notifications.inboundSms({ from: '0912 000 002', text: 'STOP' }, gateway);
    const receipt = received({ channel: 'sms', phone: '+84912000002' }, 'vi');
    await publishEvent(receipt);
    expect(await settledDelivery(receipt.id)).toMatchObject({
      state: 'suppressed',
      reason: 'opted_out',
    });
    expect(smsTo('+84912000002')).toEqual([]);
  });

  it('sends no receipt to an e-mail address whose subscription opted out of e-mail', async () => {
    const sub = await svc.notifications.subscribe(
      {
        consent,
        kind: 'citizen',
        language: 'vi',
        contacts: [{ channel: 'email', address: 'da.huy@example.vn' }],
        unitIds: ['lc-nobody'],
      },
      undefined,
    );
    const code = await waitFor(
      () =>
        /\b(\d{6})\b/.exec(
          smtp.messages.find((m) => m.to.includes('da.huy@example.vn'))?.text ?? '',
        )?.[1],
      { description: 'the e-mail code' },
    );
    await svc.notifications.confirm({ subscriberId: sub.subscriberId, channel: 'email', code });
    const token = signLinkToken(LINK_SECRET, {
      purpose: 'unsubscribe',
      subscriberId: sub.subscriberId,
      channel: 'email',
    });
    await svc.notifications.unsubscribe({ token }, undefined);
    const mails = smtp.count;
    const receipt = received({ channel: 'email', email: 'Da.Huy@example.vn' }, 'vi');
    await publishEvent(receipt);
    expect(await settledDelivery(receipt.id)).toMatchObject({
      state: 'suppressed',
      reason: 'opted_out',
    });
    expect(smtp.count).toBe(mails);
  });

  it('sends nothing twice: the same event again, or the answer re-published under a new id', async () => {
    const receipt = received({ channel: 'sms', phone: '+84912000003' }, 'vi');
    await publishEvent(receipt);
    await settledDelivery(receipt.id);
    // Same event, new Msg-Id, so JetStream's de-duplication does not hide it from the consumer.
    await publishEvent(receipt, `again-${receipt.id}`);
    const answer = answered(receipt, 'Đã sửa.');
    await publishEvent(answer);
    await settledDelivery(answer.id);
    // The same answer again under a new event id (a feedback service that published it twice).
    const again = answered(receipt, 'Đã sửa.');
    await publishEvent(again);
    await handled(again.id);
    expect(await deliveriesOf(again.id)).toEqual([]);
    expect(await deliveriesOf(receipt.id)).toHaveLength(1);
    expect(smsTo('+84912000003')).toHaveLength(2);
  });

  it('sends nothing and records nothing for a comment with no way back', async () => {
    const before = provider.requests + smtp.count;
    const receipt = received(null, 'vi');
    await publishEvent(receipt);
    await handled(receipt.id);
    expect(await deliveriesOf(receipt.id)).toEqual([]);
    expect(provider.requests + smtp.count).toBe(before);
  });

  it('dead-letters an event whose replyTo is not a phone number, and carries on', async () => {
    const hostile = received({ channel: 'sms', phone: '+84912000004' }, 'vi');
    const bad = {
      ...hostile,
      data: { ...hostile.data, replyTo: { channel: 'sms', phone: '0912; DROP TABLE' } },
    };
    await publishEvent(bad as EventEnvelope);
    const letter = await waitFor(
      async () =>
        (await readStream(await jetstreamManager(nc), names.deadLetterStream)).find(
          (m) => m.json<{ id: string }>().id === hostile.id,
        ),
      { description: 'the dead letter' },
    );
    expect(letter.header.get('Pcn-Dead-Letter-Consumer')).toBe(
      names.durable('notification', 'feedback-replies'),
    );
    expect(await deliveriesOf(hostile.id)).toEqual([]);
    const next = received({ channel: 'sms', phone: '+84912000005' }, 'vi');
    await publishEvent(next);
    expect(await settledDelivery(next.id)).toMatchObject({ state: 'sent' });
  });

  it('sends receipts at night but holds answers by SMS until the morning', async () => {
    // 22:30 in Vietnam (UTC+7) today.
    const now = new Date();
    const target = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 15, 30);
    offsetMs = target - now.getTime();
    try {
      const receipt = received({ channel: 'sms', phone: '+84912000006' }, 'vi');
      await publishEvent(receipt);
      expect(await settledDelivery(receipt.id)).toMatchObject({ state: 'sent' });
      const answer = answered(receipt, 'Đã sửa.');
      await publishEvent(answer);
      const held = await settledDelivery(answer.id);
      expect(held).toMatchObject({ state: 'deferred', reason: 'quiet_hours' });
      // 07:00 the next morning, Vietnam time.
      expect(held.retryAt).toBe(new Date(target + 8.5 * 3_600_000).toISOString());
      expect(smsTo('+84912000006')).toHaveLength(1);
      offsetMs += 9 * 3_600_000;
      await waitFor(async () => (await deliveriesOf(answer.id))[0]?.state === 'sent' || undefined, {
        description: 'the answer sent in the morning',
        timeoutMs: 15_000,
      });
      expect(smsTo('+84912000006')).toHaveLength(2);
    } finally {
      offsetMs = 0;
    }
  });

  it('erasure (Law 91/2025) drops the address of an answer still held: it is then never sent', async () => {
    const now = new Date();
    const target = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 15, 30);
    offsetMs = target - now.getTime();
    try {
      const receipt = received({ channel: 'sms', phone: '+84912000007' }, 'vi');
      await publishEvent(receipt);
      expect(await settledDelivery(receipt.id)).toMatchObject({ state: 'sent' });
      const answer = answered(receipt, 'Đã sửa.');
      await publishEvent(answer);
      expect(await settledDelivery(answer.id)).toMatchObject({ state: 'deferred' });
      const replies = svc.host.store.collection<ReplyRecord>(repliesCollection);
      const held = await replies.get(`answer:${receipt.data.feedbackId}`);
      expect(JSON.stringify(held)).toContain('+84912000007');

      const erase = createErasePersonalData({
        repo: createNotificationRepository(svc.host.store, names, () => undefined),
        eraseSubscriber: svc.notifications.eraseSubscriber,
        clock,
      });
      const subject = { kind: 'phone', value: '0912 000 007' } as const;
      expect((await erase(subject, true)).erased).toEqual([
        { kind: 'subscribers', count: 0 },
        { kind: 'reply addresses', count: 1 },
      ]);
      expect(JSON.stringify(await replies.get(held!.id))).toContain('+84912000007');
      expect((await erase(subject, false)).erased).toContainEqual({
        kind: 'reply addresses',
        count: 1,
      });
      const after = await replies.get(held!.id);
      expect(JSON.stringify(after)).not.toContain('+84912000007');
      expect(after?.addressErasedAt).toEqual(expect.any(String));
      expect((await erase(subject, false)).erased).toContainEqual({
        kind: 'reply addresses',
        count: 0,
      });

      // The morning comes: the held answer has nowhere to go.
      offsetMs += 9 * 3_600_000;
      await waitFor(
        async () => (await deliveriesOf(answer.id))[0]?.state === 'suppressed' || undefined,
        { description: 'the held answer suppressed', timeoutMs: 15_000 },
      );
      expect(smsTo('+84912000007')).toHaveLength(1);
    } finally {
      offsetMs = 0;
    }
  });
});
