import { readFile } from 'node:fs/promises';
import {
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
  type CallerIdentity,
} from '@pcn/platform';
import { caseSpelling, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verificationCapsCollection } from './infra/notification.collections.js';
import { startNotificationService, type NotificationService } from './notification-service.js';
import { testNotificationConfig } from './testing/notification-config.js';
import { startRecordingProvider, type RecordingProvider } from './testing/recording-provider.js';
import { startSmtpSink, type SmtpSink } from './testing/smtp-sink.js';

// Issue #8: verification codes as an abuse channel. One anonymous caller must not be able to
// flood a mailbox, a phone or a webhook with codes, whatever the spelling of the contact, however
// many requests run in parallel and from however many "subscribers"; a repeat resumes the pending
// sign-up; a code can be sent again within the same caps. Real SQLite, NATS, SMTP and HTTP.

const admin: CallerIdentity = { kind: 'user', id: 'admin-1', roles: ['network_admin'] };
const LINK_SECRET = 'link-secret-for-abuse-tests-0123456789abcdef';
const WEBHOOK_SECRET = 'partner-webhook-secret-0123456789abcdef';
const consent = { given: true, method: 'web_form', textVersion: 'consent-2026-01' };

let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let dir: TempDir;
let smtp: SmtpSink;
let provider: RecordingProvider;
let svc: NotificationService;

beforeAll(async () => {
  dir = await tempDir();
  smtp = await startSmtpSink();
  provider = await startRecordingProvider();
  // The caps are the defaults: 3 per contact, 10 per destination, 20 per client address.
  svc = await startNotificationService(
    testNotificationConfig({
      busPrefix: uniquePrefix('ntfabuse'),
      sqliteFile: `${dir.path}/notification.db`,
      linkSecret: LINK_SECRET,
      smtp,
      provider,
    }),
    { handleSignals: false, clock },
  );
  await svc.notifications.putUnits(
    [
      { id: 'lc', path: ['lc'] },
      { id: 'lc-sp', path: ['lc', 'lc-sp'] },
    ],
    admin,
  );
}, 30_000);

afterAll(async () => {
  // Shutting down while a send is in flight can stall the work consumers' stop (seen on main as
  // well): let the queue drain first.
  await waitFor(
    async () =>
      ((await svc.notifications.deliveries({ first: 1 }, admin)).counts.queued ?? 0) === 0,
    { description: 'the delivery queue to drain', timeoutMs: 20_000 },
  ).catch(() => undefined);
  await svc?.host.lifecycle.shutdown('test done');
  await provider?.close();
  await smtp?.close();
  await dir?.[Symbol.asyncDispose]();
});

// Every test starts past the hour of the one before: the caps are per sliding hour.
beforeEach(() => {
  offsetMs += 2 * 3_600_000;
});

function subscribe(
  contacts: Record<string, unknown>[],
  clientAddress: string | null,
  extra: Record<string, unknown> = {},
) {
  return svc.notifications.subscribe(
    { consent, kind: 'citizen', language: 'vi', contacts, unitIds: ['lc'], ...extra },
    undefined,
    { clientAddress },
  );
}

const mailsTo = (address: string) =>
  smtp.messages.filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase()));
const codeIn = (text: string | undefined) => /\b(\d{6})\b/.exec(text ?? '')?.[1];
const linkTokenIn = (text: string | undefined) =>
  /\/confirm\/([A-Za-z0-9_-]+)/.exec(text ?? '')?.[1];
const smsTo = (e164: string) =>
  provider
    .requestsTo('esms')
    .filter((r) => (r.json as { Phone?: string }).Phone === e164.replace('+', ''));

/** Waits until every delivery of these subscribers has left the queue, and returns them. */
async function settledDeliveries(subscriberIds: readonly string[]) {
  return waitFor(
    async () => {
      const all = [];
      for (const id of subscriberIds) {
        const page = await svc.notifications.deliveries({ subscriberId: id, first: 200 }, admin);
        if ((page.counts.queued ?? 0) > 0) return undefined;
        all.push(...page.items);
      }
      return all;
    },
    { description: 'verification deliveries to leave the queue', timeoutMs: 20_000 },
  );
}

function refusals(results: PromiseSettledResult<unknown>[]) {
  return results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
}
function successes<T>(results: PromiseSettledResult<T>[]): T[] {
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

describe('caps on verification codes', () => {
  it('sends 200 parallel case variants of one e-mail address at most 3 codes, to one subscriber', async () => {
    const victim = 'victim.case@example.vn';
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        // Each from its own client address, so that only the per-contact cap can stop them.
        subscribe(
          [{ channel: 'email', address: caseSpelling(victim, i + 1) }],
          `198.51.${i >> 8}.${i & 255}`,
        ),
      ),
    );
    const ok = successes(results);
    expect(ok).toHaveLength(3);
    // The repeats resumed the first sign-up.
    expect(new Set(ok.map((r) => r.subscriberId)).size).toBe(1);
    const refused = refusals(results);
    expect(refused).toHaveLength(197);
    for (const err of refused) {
      expect(err).toBeInstanceOf(ResourceExhaustedError);
      expect(err).toMatchObject({ code: 'RESOURCE_EXHAUSTED', reason: 'TOO_MANY_VERIFICATIONS' });
      expect((err as ResourceExhaustedError).retryAfterSeconds).toBeGreaterThan(3500);
      expect((err as Error).message).toMatch(/try again in (59|60) minutes$/);
      expect((err as Error).message).not.toContain('@');
    }
    const deliveries = await settledDeliveries([ok[0]?.subscriberId ?? '']);
    expect(deliveries.map((d) => d.state)).toEqual(['sent', 'sent', 'sent']);
    await waitFor(() => mailsTo(victim).length === 3, { description: 'three mails' });
    expect(mailsTo(victim)).toHaveLength(3);
  });

  it('sends parallel written forms of one phone number at most 3 codes', async () => {
    const forms = ['0912 345 678', '+84912345678', '84-912-345-678'];
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        subscribe([{ channel: 'sms', address: forms[i % 3] }], `198.51.100.${i}`),
      ),
    );
    const ok = successes(results);
    expect(ok).toHaveLength(3);
    expect(refusals(results).every((e) => e instanceof ResourceExhaustedError)).toBe(true);
    await settledDeliveries([...new Set(ok.map((r) => r.subscriberId))]);
    expect(smsTo('+84912345678')).toHaveLength(3);
  });

  it('stops many different contacts from one client address at 20 codes an hour', async () => {
    const address = '203.0.113.7';
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        subscribe([{ channel: 'email', address: `neighbour${i}@example.vn` }], address),
      ),
    );
    const ok = successes(results);
    expect(ok).toHaveLength(20);
    const refused = refusals(results);
    expect(refused).toHaveLength(10);
    for (const err of refused)
      expect(err).toMatchObject({
        code: 'RESOURCE_EXHAUSTED',
        reason: 'TOO_MANY_VERIFICATIONS_FROM_CLIENT',
        message:
          'Your network asked for 20 verification codes in the last hour; try again in 60 minutes',
      });
    // Nothing was stored or sent for the refused ones.
    const deliveries = await settledDeliveries(ok.map((r) => r.subscriberId));
    expect(deliveries).toHaveLength(20);
    // Another address is not held back, and an hour later this one may ask again.
    await expect(
      subscribe([{ channel: 'email', address: 'other.network@example.vn' }], '203.0.113.8'),
    ).resolves.toMatchObject({ status: 'pending' });
    offsetMs += 3_600_000;
    await expect(
      subscribe([{ channel: 'email', address: 'neighbour25@example.vn' }], address),
    ).resolves.toMatchObject({ status: 'pending' });
  });

  it('counts a request naming several contacts once per contact against its client address', async () => {
    const address = '2001:db8:7:8::/64';
    for (let i = 0; i < 9; i += 1)
      await subscribe(
        [
          { channel: 'email', address: `pair${i}@example.vn` },
          { channel: 'sms', address: `09123450${String(i).padStart(2, '0')}` },
        ],
        address,
      );
    // 18 codes so far: a request for two more fits, one for three does not.
    await expect(
      subscribe(
        [
          { channel: 'email', address: 'pair9@example.vn' },
          { channel: 'sms', address: '0912345009' },
          {
            channel: 'webhook',
            address: `${provider.url}/hooks/pair9`,
            secret: WEBHOOK_SECRET,
          },
        ],
        address,
      ),
    ).rejects.toMatchObject({ reason: 'TOO_MANY_VERIFICATIONS_FROM_CLIENT' });
    await expect(
      subscribe(
        [
          { channel: 'email', address: 'pair9@example.vn' },
          { channel: 'sms', address: '0912345009' },
        ],
        address,
      ),
    ).resolves.toMatchObject({ status: 'pending' });
  });

  it('stops one webhook host subscribed by many partner systems at 10 codes an hour', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, (_, i) =>
        subscribe(
          [
            {
              channel: 'webhook',
              address: `${provider.url}/hooks/victim-${i}?via=${i}`,
              secret: WEBHOOK_SECRET,
            },
          ],
          `192.0.2.${i}`,
          { kind: 'partner_system' },
        ),
      ),
    );
    const ok = successes(results);
    expect(ok).toHaveLength(10);
    expect(new Set(ok.map((r) => r.subscriberId)).size).toBe(10);
    const refused = refusals(results);
    expect(refused).toHaveLength(5);
    for (const err of refused)
      expect(err).toMatchObject({
        code: 'RESOURCE_EXHAUSTED',
        reason: 'TOO_MANY_VERIFICATIONS_TO_DESTINATION',
      });
    const deliveries = await settledDeliveries(ok.map((r) => r.subscriberId));
    expect(deliveries).toHaveLength(10);
  });

  it('stops the +tag spellings of one mailbox at 10 codes an hour', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        subscribe([{ channel: 'email', address: `tagged+${i}@example.vn` }], `192.0.2.${i}`),
      ),
    );
    expect(successes(results)).toHaveLength(10);
    expect(refusals(results)).toHaveLength(2);
    for (const err of refusals(results))
      expect(err).toMatchObject({ reason: 'TOO_MANY_VERIFICATIONS_TO_DESTINATION' });
  });

  it('erases cap windows once their hour has passed, and only then', async () => {
    // The due scheduler's housekeeping purges too, so the test counts what is left.
    const windows = () => svc.host.store.collection(verificationCapsCollection).count();
    while ((await svc.notifications.purgeCapWindows()) > 0);
    // The windows of the tests before are over an hour old now.
    expect(await windows()).toBe(0);
    await subscribe([{ channel: 'email', address: 'fresh.window@example.vn' }], '192.0.2.77');
    // Its contact, destination and client address windows.
    expect(await windows()).toBe(3);
    offsetMs += 59 * 60_000;
    await svc.notifications.purgeCapWindows();
    expect(await windows()).toBe(3);
    offsetMs += 2 * 60_000;
    await svc.notifications.purgeCapWindows();
    expect(await windows()).toBe(0);
  });

  it('keeps only a keyed hash of client addresses and contacts in the cap records', async () => {
    const address = '203.0.113.99';
    await subscribe([{ channel: 'email', address: 'hash.check@example.vn' }], address);
    // Everything the store wrote: the database file and its write-ahead log.
    const bytes = Buffer.concat(
      await Promise.all(
        ['notification.db', 'notification.db-wal'].map((f) =>
          readFile(`${dir.path}/${f}`).catch(() => Buffer.alloc(0)),
        ),
      ),
    ).toString('latin1');
    expect(bytes).not.toContain(address);
    expect(bytes).toContain('hash.check@example.vn'); // the subscriber itself holds its contact
  });
});

describe('subscribing again', () => {
  it('resumes the pending sign-up: same id, the new preferences, a new code; the older one stops working', async () => {
    const first = await subscribe(
      [
        { channel: 'email', address: 'Resume.Me@example.vn' },
        { channel: 'sms', address: '0977 111 222' },
      ],
      null,
    );
    const firstMail = await waitFor(() => mailsTo('resume.me@example.vn')[0]);
    const smsCode = await waitFor(() =>
      codeIn((smsTo('+84977111222')[0]?.json as { Content?: string } | undefined)?.Content),
    );
    const again = await subscribe([{ channel: 'email', address: 'resume.me@EXAMPLE.vn' }], null, {
      language: 'hmn',
      unitIds: ['lc-sp'],
    });
    expect(again.subscriberId).toBe(first.subscriberId);
    expect(again.verifications).toEqual([
      expect.objectContaining({ channel: 'email', method: 'link_or_code' }),
    ]);
    const stored = await svc.notifications.getSubscriber(first.subscriberId, admin);
    expect(stored).toMatchObject({
      status: 'pending',
      language: 'hmn',
      unitIds: ['lc-sp'],
      contacts: [expect.objectContaining({ channel: 'email', address: 'resume.me@example.vn' })],
    });
    const pending = await svc.notifications.listSubscribers(
      { status: 'pending', first: 200 },
      admin,
    );
    expect(
      pending.items.filter((s) =>
        s.contacts.some((c) => c.address.toLowerCase() === 'resume.me@example.vn'),
      ),
    ).toHaveLength(1);

    const secondMail = await waitFor(() => mailsTo('resume.me@example.vn')[1]);
    const oldCode = codeIn(firstMail.text) ?? '';
    const newCode = codeIn(secondMail.text) ?? '';
    expect(oldCode).not.toBe(newCode);
    // The first message's code and link no longer work; the latest code does.
    await expect(
      svc.notifications.confirm({
        subscriberId: first.subscriberId,
        channel: 'email',
        code: oldCode,
      }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      svc.notifications.confirm({ token: linkTokenIn(firstMail.text) ?? '' }),
    ).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'CODE_SUPERSEDED' });
    // The repeat left the phone number out: its code went with it.
    await expect(
      svc.notifications.confirm({
        subscriberId: first.subscriberId,
        channel: 'sms',
        code: smsCode,
      }),
    ).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'NO_VERIFICATION' });
    await expect(
      svc.notifications.confirm({
        subscriberId: first.subscriberId,
        channel: 'email',
        code: newCode,
      }),
    ).resolves.toMatchObject({ subscriberId: first.subscriberId, status: 'active' });
  });

  it('answers for a contact verified elsewhere as for a new one, and hands over nothing', async () => {
    const owner = await subscribe([{ channel: 'email', address: 'taken@example.vn' }], null);
    const code = await waitFor(() => codeIn(mailsTo('taken@example.vn')[0]?.text));
    await svc.notifications.confirm({ subscriberId: owner.subscriberId, channel: 'email', code });

    const stranger = await subscribe([{ channel: 'email', address: 'Taken@example.vn' }], null);
    const fresh = await subscribe([{ channel: 'email', address: 'never.seen@example.vn' }], null);
    const shape = (r: typeof stranger) => ({
      status: r.status,
      verifications: r.verifications.map((v) => ({ channel: v.channel, method: v.method })),
      idLength: r.subscriberId.length,
    });
    expect(shape(stranger)).toEqual(shape(fresh));
    expect(stranger.subscriberId).not.toBe(owner.subscriberId);
    // The owner keeps its confirmed contact; the stranger's sign-up waits for a code it never sees.
    expect(await svc.notifications.getSubscriber(owner.subscriberId, admin)).toMatchObject({
      status: 'active',
      contacts: [expect.objectContaining({ address: 'taken@example.vn' })],
    });
    expect(
      (await svc.notifications.getSubscriber(owner.subscriberId, admin)).contacts[0]?.verifiedAt,
    ).not.toBeNull();
    expect((await svc.notifications.getSubscriber(stranger.subscriberId, admin)).status).toBe(
      'pending',
    );
  });
});

describe('resendVerificationCode', () => {
  it('sends a new code within the caps, and only the newest works', async () => {
    const { subscriberId } = await subscribe([{ channel: 'sms', address: '0987 654 321' }], null);
    const resend = () =>
      svc.notifications.resendVerificationCode({
        subscriberId,
        channel: 'sms',
        clientAddress: '198.51.100.200',
      });
    // One at a time, so that the messages arrive in the order the codes were made.
    const arrived = (n: number) =>
      waitFor(() => smsTo('+84987654321').length === n, { description: `${n} SMS codes` });
    await arrived(1);
    const r1 = await resend();
    expect(r1).toEqual({
      subscriberId,
      verification: { channel: 'sms', method: 'code', expiresAt: expect.any(String) as string },
    });
    await arrived(2);
    await resend();
    await arrived(3);
    await expect(resend()).rejects.toMatchObject({
      code: 'RESOURCE_EXHAUSTED',
      reason: 'TOO_MANY_VERIFICATIONS',
    });
    await settledDeliveries([subscriberId]);
    const sent = smsTo('+84987654321').map(
      (r) => /\b(\d{6})\b/.exec((r.json as { Content?: string }).Content ?? '')?.[1] ?? '',
    );
    expect(sent).toHaveLength(3);
    await expect(
      svc.notifications.confirm({ subscriberId, channel: 'sms', code: sent[1] ?? '' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      svc.notifications.confirm({ subscriberId, channel: 'sms', code: sent[2] ?? '' }),
    ).resolves.toMatchObject({ status: 'active' });

    // Confirmed: a resend sends nothing, and answers as before.
    offsetMs += 2 * 3_600_000;
    const before = (await svc.notifications.deliveries({ subscriberId, first: 200 }, admin)).items
      .length;
    const after = await resend();
    expect(after).toEqual({
      subscriberId,
      verification: { channel: 'sms', method: 'code', expiresAt: expect.any(String) as string },
    });
    expect(
      (await svc.notifications.deliveries({ subscriberId, first: 200 }, admin)).items,
    ).toHaveLength(before);
  });

  it('refuses unknown subscribers, channels it has no contact on, and in-app', async () => {
    const { subscriberId } = await subscribe(
      [{ channel: 'email', address: 'one@example.vn' }],
      null,
    );
    await expect(
      svc.notifications.resendVerificationCode({ subscriberId: 'no-such-id', channel: 'email' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      svc.notifications.resendVerificationCode({ subscriberId, channel: 'sms' }),
    ).rejects.toMatchObject({ violations: [{ field: 'channel' }] });
    await expect(
      svc.notifications.resendVerificationCode({ subscriberId, channel: 'in_app' }),
    ).rejects.toMatchObject({
      violations: [{ field: 'channel', description: 'must be email, sms, zalo or webhook' }],
    });
    await expect(
      svc.notifications.resendVerificationCode({ channel: 'sms' }),
    ).rejects.toMatchObject({
      violations: [{ field: 'subscriberId', description: 'is required' }],
    });
  });
});

describe('language tags', () => {
  it('refuses a well-formed but unknown language on subscribe and on preference updates', async () => {
    await expect(
      subscribe([{ channel: 'email', address: 'lang@example.vn' }], null, {
        language: 'zz-ZZZZ-invalid',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', violations: [{ field: 'language' }] });
    const { subscriberId } = await subscribe(
      [{ channel: 'email', address: 'lang@example.vn' }],
      null,
      {
        language: 'hmn',
      },
    );
    const current = await svc.notifications.getSubscriber(subscriberId, admin);
    await expect(
      svc.notifications.updatePreferences(
        { subscriberId, expectedVersion: current.version, update: { language: 'zz-ZZZZ-invalid' } },
        admin,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', violations: [{ field: 'language' }] });
  });
});
