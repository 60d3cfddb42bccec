import { caseSpelling, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { graphqlBody, signInHeaders, type Gateway } from '@pcn/gateway/testing';
import { startGatewayWithNotifications } from './gateway-with-notifications.js';
import {
  startRecordingProvider,
  type Clock,
  type NotificationBackend,
  type RecordingProvider,
  type SmtpSink,
} from './notification-backend.js';

// Issue #8, through the public door: verification codes cannot be used to flood a mailbox, a
// phone or a webhook host, whatever the spelling of the contact, however many requests run in
// parallel, from however many "subscribers"; one client address (IPv6: its /64) stops at its cap;
// a repeat resumes the pending sign-up, and a code can be sent again within the caps. The gateway
// and the notification service run in this process, with a real SMTP sink and a recording SMS and
// webhook provider; the gateway trusts one proxy hop, so each request names its client address.
const INTERNAL_SECRET = 'abuse-internal-secret-abuse-internal-secret';
const WEBHOOK_SECRET = 'partner-webhook-secret-0123456789abcdef';
const prefix = uniquePrefix('gwabuse');
// Caps are per sliding hour: each test starts two hours after the one before.
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
let dir: TempDir;
let sink: SmtpSink;
let provider: RecordingProvider;
let gateway: Gateway;
let backend: NotificationBackend | undefined;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-abuse-');
  provider = await startRecordingProvider();
  ({ gateway, backend } = await startGatewayWithNotifications({
    dir,
    busPrefix: prefix,
    internalSecret: INTERNAL_SECRET,
    // The test stands in for a reverse proxy: X-Forwarded-For names each request's client.
    gateway: { TRUSTED_PROXY_HOPS: '1' },
    notification: {
      // Default caps: 3 codes per contact, 10 per destination, 20 per client address, an hour.
      env: {
        NOTIFICATION_LINK_SECRET: 'abuse-link-secret-abuse-link-secret-abuse',
        SMS_API_URL: provider.url,
        SMS_API_KEY: 'esms-key',
        SMS_SECRET_KEY: 'esms-secret',
        SMS_RATE_PER_SECOND: '1000',
        ALLOW_INSECURE_WEBHOOKS: 'true',
      },
      clock,
    },
  }));
  sink = backend.sink;
  await waitFor(
    async () => {
      const res = await gql(SUBSCRIBE, { input: input('warm-up@example.vn') }, '192.0.2.250');
      return res.errors === undefined;
    },
    { timeoutMs: 30_000, description: 'the gateway reaching the notification service' },
  );
  await backend.unitTreeReceived();
}, 60_000);

afterAll(async () => {
  // Shutting down while a send is in flight can stall the work consumers' stop (seen on main as
  // well): let the queue drain first.
  await waitFor(
    async () => {
      const res = await gql<{ deliveries: { counts: { state: string; count: number }[] } }>(
        '{ deliveries(first: 1) { counts { state count } } }',
        {},
        '192.0.2.254',
        await admin(),
      );
      return res.data?.deliveries.counts.find((c) => c.state === 'QUEUED')?.count === 0;
    },
    { description: 'the delivery queue to drain', timeoutMs: 20_000 },
  ).catch(() => undefined);
  await gateway?.lifecycle.shutdown('test done');
  await backend?.stop();
  await provider?.close();
  await dir?.remove();
});

beforeEach(() => {
  offsetMs += 2 * 3_600_000;
});

interface GraphQLError {
  message: string;
  extensions?: {
    code?: string;
    retryAfterSeconds?: number;
    fields?: { path: string; message: string }[];
  };
}
interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  clientAddress: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  return graphqlBody<GraphQLResponse<T>>(gateway.url, query, variables, {
    'x-forwarded-for': clientAddress,
    ...headers,
  });
}

const SUBSCRIBE = `mutation($input: SubscribeInput!) {
  subscribe(input: $input) { subscriberId verifications { channel method expiresAt } }
}`;
const RESEND = `mutation($input: ResendVerificationCodeInput!) {
  resendVerificationCode(input: $input) { subscriberId verification { channel method expiresAt } }
}`;
type Subscribed = { subscribe: { subscriberId: string } } | null;

function input(address: string, channel = 'EMAIL', extra: Record<string, unknown> = {}) {
  return {
    language: 'vi',
    contacts: [{ channel, address, ...(channel === 'WEBHOOK' ? { secret: WEBHOOK_SECRET } : {}) }],
    unitIds: ['lao-cai'],
    consent: { given: true, textVersion: 'consent-2026-01' },
    ...extra,
  };
}

let adminAuth: Record<string, string> | undefined;
async function admin(): Promise<Record<string, string>> {
  if (adminAuth) return adminAuth;
  adminAuth = await signInHeaders(gateway.url, 'admin@demo.pcn.vn', {
    headers: { 'x-forwarded-for': '192.0.2.253' },
  });
  return adminAuth;
}

const mailsTo = (address: string) =>
  sink.messages.filter((m) => m.to.some((to) => to.toLowerCase() === address));
const codeIn = (text: string | undefined) => /\b(\d{6})\b/.exec(text ?? '')?.[1];

function split<T>(responses: GraphQLResponse<T>[]) {
  return {
    ok: responses.filter((r) => r.errors === undefined),
    refused: responses.flatMap((r) => r.errors ?? []),
  };
}

function expectRateLimited(errors: GraphQLError[], message: RegExp) {
  for (const e of errors) {
    expect(e.extensions?.code).toBe('RATE_LIMITED');
    expect(e.extensions?.retryAfterSeconds).toBeGreaterThan(3000);
    expect(e.message).toMatch(message);
  }
}

describe('verification codes through GraphQL', () => {
  it('sends 200 parallel case variants of one address 3 codes at most, to one subscriber', async () => {
    const victim = 'victim.gateway@example.vn';
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        gql<Subscribed>(
          SUBSCRIBE,
          { input: input(caseSpelling(victim, i + 1)) },
          `198.51.${i >> 8}.${i & 255}`,
        ),
      ),
    );
    const { ok, refused } = split(responses);
    expect(ok).toHaveLength(3);
    expect(new Set(ok.map((r) => r.data?.subscribe.subscriberId)).size).toBe(1);
    expect(refused).toHaveLength(197);
    expectRateLimited(
      refused,
      /^This e-mail address was sent 3 codes in the last hour; .* try again in (59|60) minutes$/,
    );
    // Every code recorded has left the queue (refused requests recorded none), and arrived.
    const log = await waitFor(async () => {
      const res = await gql<{ deliveries: { counts: { state: string; count: number }[] } }>(
        'query($id: ID!) { deliveries(filter: { subscriberId: $id }) { counts { state count } } }',
        { id: ok[0]?.data?.subscribe.subscriberId },
        '192.0.2.252',
        await admin(),
      );
      const counts = Object.fromEntries(
        (res.data?.deliveries.counts ?? []).map((c) => [c.state, c.count]),
      );
      return counts.QUEUED === 0 && counts.SENT === 3 ? counts : undefined;
    });
    expect(Object.values(log).reduce((a, b) => a + b, 0)).toBe(3);
    await waitFor(() => mailsTo(victim).length >= 3, { description: 'three codes' });
    expect(mailsTo(victim)).toHaveLength(3);
  });

  it('sends the written forms of one phone number 3 codes at most', async () => {
    const forms = ['0912 345 678', '+84912345678', '84-912-345-678'];
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gql(SUBSCRIBE, { input: input(forms[i % 3] ?? '', 'SMS') }, `198.51.100.${i}`),
      ),
    );
    const { ok, refused } = split(responses);
    expect(ok).toHaveLength(3);
    expectRateLimited(refused, /try again in/);
    const sms = () =>
      provider
        .requestsTo('esms')
        .filter((r) => (r.json as { Phone?: string }).Phone === '84912345678');
    await waitFor(() => sms().length >= 3, { description: 'three SMS codes' });
    expect(sms()).toHaveLength(3);
  });

  it('stops one client address (an IPv6 /64) at 20 codes an hour, whoever it names', async () => {
    const responses = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        // Every host of one /64 is one client.
        gql(SUBSCRIBE, { input: input(`household${i}@example.vn`) }, `2001:db8:aa:bb::${i + 1}`),
      ),
    );
    const { ok, refused } = split(responses);
    expect(ok).toHaveLength(20);
    expect(refused).toHaveLength(5);
    expectRateLimited(
      refused,
      /^Your network asked for 20 verification codes in the last hour; try again in (59|60) minutes$/,
    );
    // The next /64 is someone else.
    const next = await gql(
      SUBSCRIBE,
      { input: input('household99@example.vn') },
      '2001:db8:aa:bc::1',
    );
    expect(next.errors).toBeUndefined();
  });

  it('stops one webhook host subscribed by many partner systems at 10 codes an hour', async () => {
    const responses = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        gql(
          SUBSCRIBE,
          {
            input: input(`${provider.url}/hooks/target-${i}`, 'WEBHOOK', {
              kind: 'PARTNER_SYSTEM',
            }),
          },
          `192.0.2.${i}`,
        ),
      ),
    );
    const { ok, refused } = split(responses);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(4);
    expectRateLimited(
      refused,
      /^This webhook address shares its host with addresses that were sent 10 codes/,
    );
    const hooks = () =>
      provider.requestsTo('hook').filter((r) => r.path.startsWith('/hooks/target-'));
    await waitFor(() => hooks().length >= 10, { description: 'ten webhook codes' });
    expect(hooks()).toHaveLength(10);
  });
});

describe('subscribing again and resending', () => {
  it('resumes the pending sign-up, resends within the caps, and the newest code confirms', async () => {
    const client = '198.51.100.77';
    const arrived = (n: number) =>
      waitFor(() => mailsTo('again@example.vn').length === n, { description: `${n} codes` });
    const first = await gql<Subscribed>(SUBSCRIBE, { input: input('Again@example.vn') }, client);
    const id = first.data?.subscribe.subscriberId ?? '';
    expect(id).not.toBe('');
    await arrived(1);
    const again = await gql<Subscribed>(
      SUBSCRIBE,
      { input: input('again@example.vn', 'EMAIL', { language: 'hmn' }) },
      client,
    );
    expect(again.data?.subscribe.subscriberId).toBe(id);
    await arrived(2);

    const resent = await gql<{
      resendVerificationCode: { subscriberId: string; verification: { channel: string } };
    }>(RESEND, { input: { subscriberId: id, channel: 'EMAIL' } }, client);
    expect(resent.errors).toBeUndefined();
    expect(resent.data?.resendVerificationCode).toMatchObject({
      subscriberId: id,
      verification: { channel: 'EMAIL' },
    });
    // Three codes to this contact this hour: the fourth is refused, with when to retry.
    const refused = await gql(RESEND, { input: { subscriberId: id, channel: 'EMAIL' } }, client);
    expect(refused.data).toEqual({ resendVerificationCode: null });
    expectRateLimited(
      refused.errors ?? [],
      /^This e-mail address was sent 3 codes in the last hour; /,
    );

    await arrived(3);
    const latest = codeIn(mailsTo('again@example.vn').at(-1)?.text);
    const older = codeIn(mailsTo('again@example.vn').at(0)?.text);
    const confirm = `mutation($input: ConfirmSubscriptionInput!) {
      confirmSubscription(input: $input) { subscriberId status }
    }`;
    const stale = await gql(
      confirm,
      { input: { subscriberId: id, channel: 'EMAIL', code: older } },
      client,
    );
    expect(stale.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await gql(
      confirm,
      { input: { subscriberId: id, channel: 'EMAIL', code: latest } },
      client,
    );
    expect(ok.data).toEqual({ confirmSubscription: { subscriberId: id, status: 'ACTIVE' } });
  });

  it('refuses a resend for in-app, or for a channel the subscriber has no contact on', async () => {
    const first = await gql<Subscribed>(
      SUBSCRIBE,
      { input: input('one.channel@example.vn') },
      '198.51.100.78',
    );
    const id = first.data?.subscribe.subscriberId ?? '';
    for (const channel of ['IN_APP', 'SMS']) {
      const res = await gql(RESEND, { input: { subscriberId: id, channel } }, '198.51.100.78');
      expect(res.errors?.[0]?.extensions?.code, channel).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.fields?.map((f) => f.path)).toEqual(['input.channel']);
    }
  });
});

describe('language tags', () => {
  it('answers BAD_USER_INPUT on input.language for a well-formed but unknown tag', async () => {
    const res = await gql(
      SUBSCRIBE,
      { input: input('lang@example.vn', 'EMAIL', { language: 'zz-ZZZZ-invalid' }) },
      '198.51.100.79',
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields?.map((f) => f.path)).toEqual(['input.language']);

    // Signed in: a subscriber of one's own, whose language cannot be changed to it either.
    const auth = await signInHeaders(gateway.url, 'officer.yty@demo.pcn.vn', {
      headers: { 'x-forwarded-for': '198.51.100.79' },
    });
    const mine = await gql<Subscribed>(
      SUBSCRIBE,
      { input: { ...input('lang@example.vn'), contacts: [] } },
      '198.51.100.79',
      auth,
    );
    const id = mine.data?.subscribe.subscriberId ?? '';
    const update = await gql(
      `mutation($input: UpdateNotificationPreferencesInput!) {
        updateNotificationPreferences(input: $input) { id language }
      }`,
      { input: { subscriberId: id, expectedVersion: 1, language: 'zz-ZZZZ-invalid' } },
      '198.51.100.79',
      auth,
    );
    expect(update.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(update.errors?.[0]?.extensions?.fields?.map((f) => f.path)).toEqual(['input.language']);
  });
});
