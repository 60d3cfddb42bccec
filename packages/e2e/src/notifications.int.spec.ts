import { createHash } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { BusNames, createEventFactory } from '@pcn/events';
import { systemClock } from '@pcn/platform';
import { subscribeSse, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  HOOK_SECRET_HEADER,
  graphqlClient,
  signInOnce,
  type GraphQLError,
  type GraphQLResponse,
  type Gateway,
} from '@pcn/gateway/testing';
import { startGatewayWithNotifications } from './gateway-with-notifications.js';
import {
  type NotificationBackend,
  type ReceivedMail,
  type SmtpSink,
} from './notification-backend.js';

// Notifications through the gateway, against the real notification service started in this
// process and a real SMTP sink.
const INTERNAL_SECRET = 'int-internal-secret-int-internal-secret';
const HOOK_SECRET = 'int-sms-hook-secret-int-sms-hook-secret';
const ZALO_APP_ID = '360846524940903967';
const ZALO_SECRET = 'int-zalo-oa-secret-key';
const prefix = uniquePrefix('gwn');
const names = new BusNames(prefix);
let dir: TempDir;
let sink: SmtpSink;
let gateway: Gateway;
let backend: NotificationBackend | undefined;
let url: string;
let base: string;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-notify-');
  // The gateway starts first: its boot must not wait for the notification service, and the unit
  // tree it publishes must still arrive once that service is up.
  ({ gateway, backend } = await startGatewayWithNotifications({
    dir,
    busPrefix: prefix,
    internalSecret: INTERNAL_SECRET,
    gateway: {
      SMS_WEBHOOK_SECRET: HOOK_SECRET,
      MAX_QUERY_DEPTH: '8',
      MAX_QUERY_COST: '2000',
      ZALO_APP_ID,
      ZALO_OA_SECRET_KEY: ZALO_SECRET,
    },
  }));
  url = gateway.url;
  base = url.replace('/graphql', '');
  sink = backend.sink;
  // The gateway's channel to the service reconnects with backoff after the failed first attempts.
  await waitFor(
    async () =>
      (await gql('{ notificationAlerts(first: 1) { id } }', {}, await admin())).errors ===
      undefined,
    { timeoutMs: 30_000, description: 'the gateway reaching the notification service' },
  );
  // Boot did not wait for the service; the unit tree the gateway published reaches it once up.
  await backend.unitTreeReceived();
}, 60_000);

afterAll(async () => {
  await gateway?.lifecycle.shutdown('test done');
  await backend?.stop();
  await dir?.remove();
});

const gql = graphqlClient(() => url);

const signIn = signInOnce(() => url);
const admin = () => signIn('admin@demo.pcn.vn');
const editor = () => signIn('editor.stp@demo.pcn.vn');
const officer = () => signIn('officer.yty@demo.pcn.vn');

const SUBSCRIBE = `mutation($input: SubscribeInput!) {
  subscribe(input: $input) { subscriberId verifications { channel method expiresAt } }
}`;
const CONSENT = { given: true, textVersion: 'consent-2026-01' };
const SUBSCRIBER = `id version status language
  contacts { channel address verified verifiedAt optedOutAt }
  unitIds units { id } defaultChannels digest consents { channel method givenAt withdrawnAt }`;

function firstError(res: GraphQLResponse<unknown>): GraphQLError['extensions'] & {
  message?: string;
} {
  return { ...res.errors?.[0]?.extensions, message: res.errors?.[0]?.message };
}

async function subscriberCount(): Promise<number> {
  const res = await gql<{ subscribers: { items: unknown[] } }>(
    '{ subscribers(first: 200) { items { id } } }',
    {},
    await admin(),
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.subscribers.items.length;
}

async function adminSubscriber(id: string) {
  const res = await gql<{
    subscriber: {
      status: string;
      contacts: {
        channel: string;
        address: string;
        verified: boolean;
        optedOutAt: string | null;
      }[];
    } | null;
  }>(`query($id: ID!) { subscriber(id: $id) { ${SUBSCRIBER} } }`, { id }, await admin());
  return res.data?.subscriber ?? null;
}

function mailTo(address: string, pattern?: RegExp): Promise<ReceivedMail> {
  return waitFor(
    () =>
      sink.messages.find(
        (m) => m.to.includes(address) && (!pattern || pattern.test(`${m.subject}\n${m.text}`)),
      ),
    { timeoutMs: 15_000, description: () => `a message to ${address}` },
  );
}

async function publishConsultationOpened(draftId: string, targetUnitIds: string[]) {
  const nc = await connect({ servers: inject('natsUrl') });
  try {
    const event = createEventFactory('draft', systemClock).create(
      'pcn.draft.v1.ConsultationOpened',
      draftId,
      {
        draftId,
        code: `QD-${draftId}`,
        documentType: 'provincial_decision',
        agencyId: 'org-so-tu-phap',
        title: { vi: 'Dự thảo quy định về giá nước sạch' },
        languages: ['vi'],
        targetUnitIds,
        ethnicGroups: [],
        audienceGroups: [],
        policyAreas: [],
        publicDisclosure: true,
        version: 1,
        opensAt: new Date().toISOString(),
        closesAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
      },
    );
    await jetstream(nc).publish(names.subjectFor(event.type), JSON.stringify(event), {
      msgID: event.id,
    });
  } finally {
    await nc.close();
  }
}

function hook(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

const NO_STACK = /at .*\.(ts|js):\d+|node_modules|Error:/;

describe('notifications through the gateway', () => {
  let citizenId = '';
  let officerSubscriberId = '';
  let smsSubscriberId = '';

  it('refuses bad contact data on a public subscription, naming the field, and stores nothing', async () => {
    const before = await subscriberCount();
    const sent = sink.messages.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ contacts: [{ channel: 'EMAIL', address: 'not-an-email' }] }, 'input.contacts[0].address'],
      [{ contacts: [{ channel: 'SMS', address: '+14155550100' }] }, 'input.contacts[0].address'],
      [
        {
          contacts: [
            {
              channel: 'WEBHOOK',
              address: 'http://partner.example.vn/hook',
              secret: 'x'.repeat(40),
            },
          ],
        },
        'input.contacts[0].address',
      ],
      [{ language: 'en_US' }, 'input.language'],
      [{ consent: { given: false, textVersion: 'consent-2026-01' } }, 'input.consent.given'],
      [{ unitIds: ['lc-xa-khong-co'] }, 'input.unitIds[0]'],
    ];
    for (const [change, path] of cases) {
      const res = await gql(SUBSCRIBE, {
        input: {
          language: 'vi',
          contacts: [{ channel: 'EMAIL', address: 'ok@example.vn' }],
          unitIds: ['lao-cai'],
          consent: CONSENT,
          ...change,
        },
      });
      // Mutation fields are nullable (issue #8): the failed one is null, not the whole answer.
      expect(res.data?.subscribe ?? null, path).toBeNull();
      const ext = firstError(res);
      expect(ext.code, path).toBe('BAD_USER_INPUT');
      expect(
        ext.fields?.map((f) => f.path),
        path,
      ).toContain(path);
      // The refused address is not echoed back.
      expect(JSON.stringify(res)).not.toContain('4155550100');
    }
    expect(await subscriberCount()).toBe(before);
    expect(sink.messages.length).toBe(sent);
  });

  it('subscribes, confirms with the emailed code, and shows the contact verified', async () => {
    const res = await gql<{
      subscribe: { subscriberId: string; verifications: { channel: string; method: string }[] };
    }>(SUBSCRIBE, {
      input: {
        language: 'vi',
        contacts: [{ channel: 'EMAIL', address: 'citizen@Example.VN' }],
        unitIds: ['lao-cai'],
        consent: CONSENT,
      },
    });
    expect(res.errors).toBeUndefined();
    citizenId = res.data?.subscribe.subscriberId ?? '';
    expect(res.data?.subscribe.verifications).toEqual([
      expect.objectContaining({ channel: 'EMAIL', method: 'link_or_code' }),
    ]);
    const mail = await mailTo('citizen@example.vn');
    const code = /: (\d{6})\./.exec(mail.text ?? '')?.[1];
    expect(code).toBeDefined();

    const confirm = `mutation($input: ConfirmSubscriptionInput!) {
      confirmSubscription(input: $input) { subscriberId channel status }
    }`;
    const wrong = await gql(confirm, {
      input: {
        subscriberId: citizenId,
        channel: 'EMAIL',
        code: code === '000000' ? '111111' : '000000',
      },
    });
    expect(firstError(wrong)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.code' }],
    });
    const incomplete = await gql(confirm, { input: { subscriberId: citizenId } });
    expect(firstError(incomplete).fields?.map((f) => f.path)).toEqual([
      'input.channel',
      'input.code',
    ]);
    const ok = await gql<{ confirmSubscription: { status: string } }>(confirm, {
      input: { subscriberId: citizenId, channel: 'EMAIL', code },
    });
    expect(ok.data?.confirmSubscription).toEqual({
      subscriberId: citizenId,
      channel: 'EMAIL',
      status: 'ACTIVE',
    });

    // Contact data: the admin sees it; someone else's subscriber is "not found"; anonymous must sign in.
    expect(await adminSubscriber(citizenId)).toMatchObject({
      status: 'ACTIVE',
      contacts: [{ channel: 'EMAIL', address: 'citizen@example.vn', verified: true }],
    });
    const other = await gql(
      `query($id: ID!) { subscriber(id: $id) { id contacts { address } } }`,
      {
        id: citizenId,
      },
      await editor(),
    );
    expect(other).toEqual({ data: { subscriber: null } });
    const anonymous = await gql(`query($id: ID!) { subscriber(id: $id) { id } }`, {
      id: citizenId,
    });
    expect(firstError(anonymous).code).toBe('UNAUTHENTICATED');
  });

  it('gives a signed-in user the in-app channel, and confirms email through the link page', async () => {
    const auth = await officer();
    const res = await gql<{ subscribe: { subscriberId: string } }>(
      SUBSCRIBE,
      {
        input: {
          language: 'vi',
          contacts: [{ channel: 'EMAIL', address: 'officer.inbox@example.vn' }],
          unitIds: ['lao-cai'],
          consent: CONSENT,
        },
      },
      auth,
    );
    expect(res.errors).toBeUndefined();
    officerSubscriberId = res.data?.subscribe.subscriberId ?? '';
    const mine = async () =>
      (
        await gql<{
          mySubscriptions: { id: string; contacts: { channel: string; verified: boolean }[] }[];
        }>(`{ mySubscriptions { ${SUBSCRIBER} } }`, {}, auth)
      ).data?.mySubscriptions ?? [];
    expect((await mine()).find((s) => s.id === officerSubscriberId)?.contacts).toEqual([
      expect.objectContaining({ channel: 'EMAIL', verified: false }),
      expect.objectContaining({ channel: 'IN_APP', verified: true }),
    ]);

    const mail = await mailTo('officer.inbox@example.vn');
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
    expect(token).toBeDefined();
    // Opening the link (as a mail scanner would) only shows the button.
    const form = await fetch(`${base}/confirm/${token}`);
    expect(form.status).toBe(200);
    expect((await mine()).find((s) => s.id === officerSubscriberId)?.contacts).toContainEqual(
      expect.objectContaining({ channel: 'EMAIL', verified: false }),
    );
    const page = await fetch(`${base}/confirm/${token}`, { method: 'POST' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toMatch(/Đã xác nhận đăng ký[\s\S]*Subscription confirmed/);
    expect((await mine()).find((s) => s.id === officerSubscriberId)?.contacts).toEqual([
      expect.objectContaining({ channel: 'EMAIL', verified: true }),
      expect.objectContaining({ channel: 'IN_APP', verified: true }),
    ]);
    // Used once: the same link again is refused with a readable page.
    const again = await fetch(`${base}/confirm/${token}`, { method: 'POST' });
    expect(again.status).toBe(400);
    expect(await again.text()).not.toMatch(NO_STACK);
    const bogus = await fetch(`${base}/confirm/not-a-token`, { method: 'POST' });
    expect(bogus.status).toBe(400);
  });

  it('delivers an event by email and live in-app, to followers of a unit above its target', async () => {
    const auth = await officer();
    const feed = subscribeSse<{ id: string; type: string; draftId: string; read: boolean }>(
      url,
      'subscription { notificationAdded { id type draftId title read } }',
      'notificationAdded',
      auth,
    );
    try {
      await waitFor(
        async () =>
          ((
            await gql<{ network: { liveSubscriptions: number } }>(
              '{ network { liveSubscriptions } }',
            )
          ).data?.network.liveSubscriptions ?? 0) >= 1,
        { description: 'the subscription registered' },
      );
      // The followers follow the province; the draft targets one commune in it: only the unit tree
      // the gateway pushed links the two.
      await publishConsultationOpened('d-water', ['lc-xa-y-ty']);
      await waitFor(() => feed.received.length >= 1, {
        timeoutMs: 20_000,
        description: 'the in-app notification streamed',
      });
      expect(feed.received[0]).toMatchObject({
        type: 'ConsultationOpened',
        draftId: 'd-water',
        read: false,
      });
    } finally {
      feed.close();
      await feed.done;
    }
    const inbox = await gql<{
      myNotifications: {
        items: { id: string }[];
        unreadCount: number;
        pageInfo: { hasNextPage: boolean };
      };
    }>(
      '{ myNotifications(first: 10) { items { id title } unreadCount pageInfo { hasNextPage } } }',
      {},
      auth,
    );
    expect(inbox.data?.myNotifications.unreadCount).toBe(1);
    expect(inbox.data?.myNotifications.items.map((i) => i.id)).toEqual([feed.received[0]?.id]);
    const marked = await gql<{ markNotificationsRead: { marked: number } }>(
      'mutation { markNotificationsRead(all: true) { marked } }',
      {},
      auth,
    );
    expect(marked.data?.markNotificationsRead.marked).toBe(1);
    const after = await gql<{ myNotifications: { unreadCount: number } }>(
      '{ myNotifications(unreadOnly: true) { unreadCount items { id } } }',
      {},
      auth,
    );
    expect(after.data?.myNotifications).toEqual({ unreadCount: 0, items: [] });
    // Someone else's inbox is their own: the editor has nothing.
    const others = await gql<{ myNotifications: { items: unknown[] } }>(
      '{ myNotifications { items { id } } }',
      {},
      await editor(),
    );
    expect(others.data?.myNotifications.items).toEqual([]);
    await mailTo('citizen@example.vn', /d-water|nước sạch/);
  });

  it('unsubscribes in one click by POST to the link, never by GET', async () => {
    const mail = await mailTo('citizen@example.vn', /nước sạch/);
    expect(mail.listUnsubscribe).toContain('/unsubscribe/');
    const link = /<(https?:\/\/[^>]+\/unsubscribe\/[A-Za-z0-9_-]+)>/.exec(
      mail.listUnsubscribe ?? '',
    )?.[1];
    expect(link).toBeDefined();
    const path = new URL(link ?? '').pathname;

    const page = await fetch(`${base}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post"/);
    expect(html).toMatch(/Hủy đăng ký[\s\S]*Unsubscribe/);
    expect((await adminSubscriber(citizenId))?.contacts[0]?.optedOutAt).toBeNull();

    const post = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toMatch(/Đã hủy đăng ký/);
    expect(await adminSubscriber(citizenId)).toMatchObject({
      status: 'OPTED_OUT',
      contacts: [{ channel: 'EMAIL', optedOutAt: expect.any(String) as string }],
    });

    for (const bad of ['not-a-real-token', '%3Cscript%3Ealert(1)%3C%2Fscript%3E']) {
      const res = await fetch(`${base}/unsubscribe/${bad}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toMatch(/không hợp lệ[\s\S]*not valid/);
      expect(text).not.toMatch(NO_STACK);
      expect(text).not.toContain('<script>');
    }
    const put = await fetch(`${base}${path}`, { method: 'PUT' });
    expect(put.status).toBe(405);
    const viaGraphQL = await gql(
      'mutation { unsubscribe(input: { token: "forged-token" }) { subscriberId } }',
    );
    expect(firstError(viaGraphQL)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.token' }],
    });
  });

  it('lets a signed-in user manage only their own subscriber', async () => {
    const auth = await officer();
    const update = `mutation($input: UpdateNotificationPreferencesInput!) {
      updateNotificationPreferences(input: $input) { id version digest }
    }`;
    const current = await gql<{ subscriber: { version: number } }>(
      'query($id: ID!) { subscriber(id: $id) { version } }',
      { id: officerSubscriberId },
      auth,
    );
    const version = current.data?.subscriber.version ?? 0;
    const changed = await gql<{
      updateNotificationPreferences: { version: number; digest: string };
    }>(
      update,
      { input: { subscriberId: officerSubscriberId, expectedVersion: version, digest: 'DAILY' } },
      auth,
    );
    expect(changed.data?.updateNotificationPreferences).toMatchObject({ digest: 'DAILY' });
    const stale = await gql(
      update,
      {
        input: { subscriberId: officerSubscriberId, expectedVersion: version, digest: 'IMMEDIATE' },
      },
      auth,
    );
    expect(firstError(stale).code).toBe('FAILED_PRECONDITION');
    const notMine = await gql(
      update,
      { input: { subscriberId: officerSubscriberId, expectedVersion: 0, digest: 'IMMEDIATE' } },
      await editor(),
    );
    expect(firstError(notMine).code).toBe('NOT_FOUND');
    const unsubscribeOther = await gql(
      'mutation($id: ID!) { unsubscribe(input: { subscriberId: $id, channel: EMAIL }) { subscriberId } }',
      { id: officerSubscriberId },
      await editor(),
    );
    expect(firstError(unsubscribeOther).code).toBe('NOT_FOUND');
    const anonymous = await gql(
      'mutation($id: ID!) { unsubscribe(input: { subscriberId: $id }) { subscriberId } }',
      { id: officerSubscriberId },
    );
    expect(firstError(anonymous).code).toBe('UNAUTHENTICATED');
    const own = await gql<{ unsubscribe: { channel: string | null } }>(
      'mutation($id: ID!) { unsubscribe(input: { subscriberId: $id, channel: EMAIL }) { subscriberId channel } }',
      { id: officerSubscriberId },
      auth,
    );
    expect(own.data?.unsubscribe.channel).toBe('EMAIL');
  });

  it('keeps admin views to network admins: FORBIDDEN for others, UNAUTHENTICATED for anonymous', async () => {
    const queries = [
      '{ deliveries { items { id } } }',
      '{ notificationTemplates { id } }',
      '{ subscribers { items { id } } }',
      '{ notificationAlerts { id } }',
      '{ missingTranslations(languages: ["hmn"]) { eventType } }',
      'mutation { saveNotificationTemplate(input: { eventType: "pcn.draft.v1.ConsultationOpened", channel: EMAIL, language: "hmn", subject: "s", body: "b" }) { id } }',
      'mutation { deleteNotificationTemplate(eventType: "pcn.draft.v1.ConsultationOpened", channel: EMAIL, language: "hmn") }',
    ];
    for (const query of queries) {
      expect(firstError(await gql(query, {}, await editor())).code, query).toBe('FORBIDDEN');
      expect(firstError(await gql(query)).code, query).toBe('UNAUTHENTICATED');
    }
    expect(firstError(await gql('{ myNotifications { unreadCount } }')).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(firstError(await gql('{ mySubscriptions { id } }')).code).toBe('UNAUTHENTICATED');
  });

  it('shows admins the delivery log with counts per state, without contact data', async () => {
    const res = await gql<{
      deliveries: {
        items: { id: string; channel: string; state: string; subscriberId: string }[];
        counts: { state: string; count: number }[];
      };
    }>(
      '{ deliveries(filter: { channel: EMAIL }, first: 50) { items { id kind channel state subscriberId eventType attempts } counts { state count } pageInfo { hasNextPage } } }',
      {},
      await admin(),
    );
    expect(res.errors).toBeUndefined();
    const d = res.data?.deliveries;
    expect(d?.counts.map((c) => c.state)).toEqual([
      'QUEUED',
      'SENT',
      'DELIVERED',
      'FAILED',
      'DEFERRED',
      'SUPPRESSED',
    ]);
    expect(d?.items.some((i) => i.subscriberId === citizenId)).toBe(true);
    expect(JSON.stringify(d)).not.toContain('@example.vn');
    const tooMany = await gql('{ deliveries(first: 0) { items { id } } }', {}, await admin());
    expect(firstError(tooMany)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'first' }],
    });
  });

  it('lets admins save, preview and delete templates, refusing unknown variables by name', async () => {
    const auth = await admin();
    const save = `mutation($input: SaveNotificationTemplateInput!) {
      saveNotificationTemplate(input: $input) { id eventType channel language subject body updatedBy }
    }`;
    const unknown = await gql(
      save,
      {
        input: {
          eventType: 'pcn.draft.v1.ConsultationOpened',
          channel: 'EMAIL',
          language: 'tyz',
          subject: 'Dự thảo {{title}}',
          body: 'Saib {{title}} ntawm {{draft.secretField}}',
        },
      },
      auth,
    );
    const ext = firstError(unknown);
    expect(ext.code).toBe('BAD_USER_INPUT');
    expect(ext.fields?.map((f) => f.path)).toContain('input.body');
    expect(JSON.stringify(ext.fields)).toContain('draft.secretField');

    const saved = await gql<{ saveNotificationTemplate: { id: string; updatedBy: string } }>(
      save,
      {
        input: {
          eventType: 'pcn.draft.v1.ConsultationOpened',
          channel: 'EMAIL',
          language: 'tyz',
          subject: 'Txoj cai tshiab: {{title}}',
          body: 'Saib {{title}} ({{code}}) ntawm {{draftUrl}}',
        },
      },
      auth,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.saveNotificationTemplate.id).toBe(
      'pcn.draft.v1.ConsultationOpened|email|tyz',
    );
    const listed = await gql<{ notificationTemplates: { language: string }[] }>(
      '{ notificationTemplates(filter: { language: "tyz", channel: EMAIL }) { language channel } }',
      {},
      auth,
    );
    expect(listed.data?.notificationTemplates.length).toBe(1);

    const preview = await gql<{
      previewNotificationTemplate: {
        subject: string;
        text: string;
        language: string;
        smsSegments: number;
      };
    }>(
      `query($input: PreviewNotificationTemplateInput!) {
        previewNotificationTemplate(input: $input) { subject text html language smsSegments smsEncoding }
      }`,
      {
        input: { eventType: 'pcn.draft.v1.ConsultationOpened', channel: 'SMS', language: 'tyz' },
      },
      auth,
    );
    expect(preview.errors).toBeUndefined();
    // No tyz SMS template: the preview says which language its readers get instead.
    expect(preview.data?.previewNotificationTemplate.language).toBe('vi');
    expect(preview.data?.previewNotificationTemplate.smsSegments).toBeGreaterThan(0);
    const unsaved = await gql<{ previewNotificationTemplate: { text: string } }>(
      `query { previewNotificationTemplate(input: {
        eventType: "pcn.draft.v1.ConsultationOpened", channel: IN_APP, language: "vi",
        subject: "Góp ý", body: "Dự thảo {{code}}" }) { text } }`,
      {},
      auth,
    );
    expect(unsaved.data?.previewNotificationTemplate.text).toMatch(/^Dự thảo \S+/);

    const missing = await gql<{
      missingTranslations: { channel: string; fallbackLanguage: string | null }[];
    }>(
      '{ missingTranslations(languages: ["tyz"]) { eventType channel language fallbackLanguage } }',
      {},
      auth,
    );
    expect(missing.errors).toBeUndefined();
    expect(missing.data?.missingTranslations).toContainEqual(
      expect.objectContaining({ channel: 'SMS', fallbackLanguage: 'vi' }),
    );
    expect(missing.data?.missingTranslations).not.toContainEqual(
      expect.objectContaining({ channel: 'EMAIL', eventType: 'pcn.draft.v1.ConsultationOpened' }),
    );
    const deleted = await gql<{ deleteNotificationTemplate: boolean }>(
      'mutation { deleteNotificationTemplate(eventType: "pcn.draft.v1.ConsultationOpened", channel: EMAIL, language: "tyz") }',
      {},
      auth,
    );
    expect(deleted.data?.deleteNotificationTemplate).toBe(true);
    const vi = await gql(
      'mutation { deleteNotificationTemplate(eventType: "pcn.draft.v1.ConsultationOpened", channel: EMAIL, language: "vi") }',
      {},
      auth,
    );
    expect(firstError(vi)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'language' }],
    });
  });

  it('takes SMS callbacks only with the hook secret, and opts a number out on STOP', async () => {
    const res = await gql<{ subscribe: { subscriberId: string } }>(SUBSCRIBE, {
      input: {
        language: 'vi',
        contacts: [{ channel: 'SMS', address: '0912 345 678' }],
        unitIds: ['lao-cai'],
        consent: CONSENT,
      },
    });
    expect(res.errors).toBeUndefined();
    smsSubscriberId = res.data?.subscribe.subscriberId ?? '';
    const stop = JSON.stringify({ from: '+84912345678', text: 'STOP', messageId: 'mo-1' });

    const none = await hook('/hooks/sms/inbound', stop);
    expect(none.status).toBe(401);
    const wrong = await hook('/hooks/sms/inbound', stop, {
      [HOOK_SECRET_HEADER]: `${HOOK_SECRET}x`,
    });
    expect(wrong.status).toBe(403);
    expect((await adminSubscriber(smsSubscriberId))?.contacts[0]?.optedOutAt).toBeNull();

    const right = await hook('/hooks/sms/inbound', stop, { [HOOK_SECRET_HEADER]: HOOK_SECRET });
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ action: 'stop' });
    expect(await adminSubscriber(smsSubscriberId)).toMatchObject({
      status: 'OPTED_OUT',
      contacts: [
        { channel: 'SMS', address: '+84912345678', optedOutAt: expect.any(String) as string },
      ],
    });
    const chatter = await hook(
      '/hooks/sms/inbound',
      JSON.stringify({ from: '0912345678', text: 'xin chào', messageId: 'mo-2' }),
      { [HOOK_SECRET_HEADER]: HOOK_SECRET },
    );
    expect(await chatter.json()).toEqual({ action: 'ignored' });

    const auth = { [HOOK_SECRET_HEADER]: HOOK_SECRET };
    const status = await hook(
      '/hooks/sms/status',
      JSON.stringify({ messageId: 'unknown-id', status: 'delivered' }),
      auth,
    );
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({ updated: false });
    const badStatus = await hook(
      '/hooks/sms/status',
      JSON.stringify({ messageId: 'x', status: 'read' }),
      auth,
    );
    expect(badStatus.status).toBe(400);
    const malformed = await hook('/hooks/sms/inbound', '{"from": ', auth);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toMatch(NO_STACK);
    const notObject = await hook('/hooks/sms/inbound', '[1,2]', auth);
    expect(notObject.status).toBe(400);
    const missingFrom = await hook('/hooks/sms/inbound', JSON.stringify({ text: 'STOP' }), auth);
    expect(missingFrom.status).toBe(400);
    const oversized = await hook(
      '/hooks/sms/inbound',
      JSON.stringify({ from: '0912345678', text: 'x'.repeat(20_000) }),
      auth,
    );
    expect(oversized.status).toBe(413);
    const get = await fetch(`${base}/hooks/sms/inbound`);
    expect(get.status).toBe(405);
  });

  it('opts a Zalo user out of Zalo on STOP sent to the Official Account, only when Zalo signed it', async () => {
    const zaloUser = '246845883529197922';
    const res = await gql<{ subscribe: { subscriberId: string } }>(SUBSCRIBE, {
      input: {
        language: 'vi',
        contacts: [{ channel: 'ZALO', address: zaloUser }],
        unitIds: ['lao-cai'],
        consent: CONSENT,
      },
    });
    expect(res.errors).toBeUndefined();
    const id = res.data?.subscribe.subscriberId ?? '';
    const timestamp = String(Date.now());
    const event = (text: string, msgId: string) =>
      JSON.stringify({
        app_id: ZALO_APP_ID,
        user_id_by_app: '552177279717587730',
        event_name: 'user_send_text',
        timestamp,
        sender: { id: zaloUser },
        recipient: { id: '388613280878808645' },
        message: { text, msg_id: msgId },
      });
    const mac = (body: string) =>
      createHash('sha256')
        .update(ZALO_APP_ID + body + timestamp + ZALO_SECRET)
        .digest('hex');
    const post = (body: string, signature: string) =>
      hook('/hooks/zalo/inbound', body, { 'x-zevent-signature': `mac=${signature}` });

    const chatter = event('Dung roi', 'z-1');
    expect(await (await post(chatter, mac(chatter))).json()).toEqual({
      accepted: false,
      ignored: 'not a comment',
    });
    const stop = event('HUY', 'z-2');
    // A forged event (signed for other bytes) opts nobody out.
    expect((await post(stop, mac(chatter))).status).toBe(401);
    expect((await adminSubscriber(id))?.contacts[0]?.optedOutAt).toBeNull();
    const right = await post(stop, mac(stop));
    expect(right.status).toBe(200);
    expect(await right.json()).toEqual({ accepted: false, action: 'stop' });
    expect(await adminSubscriber(id)).toMatchObject({
      status: 'OPTED_OUT',
      contacts: [{ channel: 'ZALO', address: zaloUser, optedOutAt: expect.any(String) as string }],
    });
  });

  it('refuses oversized and malformed notification inputs with BAD_USER_INPUT', async () => {
    const auth = await officer();
    const ids = Array.from({ length: 201 }, (_, i) => `n${i}`);
    const many = await gql(
      'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) { marked } }',
      { ids },
      auth,
    );
    expect(firstError(many)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'ids' }] });
    const none = await gql('mutation { markNotificationsRead { marked } }', {}, auth);
    expect(firstError(none).code).toBe('BAD_USER_INPUT');
    const longToken = await gql(
      'mutation($t: String!) { confirmSubscription(input: { token: $t }) { status } }',
      { t: 'a'.repeat(5000) },
    );
    expect(firstError(longToken)).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.token' }],
    });
    const page = await gql('{ myNotifications(first: 0) { unreadCount } }', {}, auth);
    expect(firstError(page)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    const units = await gql(SUBSCRIBE, {
      input: {
        language: 'vi',
        contacts: [{ channel: 'EMAIL', address: 'many@example.vn' }],
        unitIds: Array.from({ length: 60 }, (_, i) => `u${i}`),
        consent: CONSENT,
      },
    });
    expect(firstError(units).code).toBe('BAD_USER_INPUT');
    expect(firstError(units).fields?.[0]?.path).toMatch(/^input\.unitIds/);
    const badEnum = await gql(SUBSCRIBE, {
      input: {
        language: 'vi',
        contacts: [{ channel: 'CARRIER_PIGEON', address: 'x' }],
        unitIds: ['lao-cai'],
        consent: CONSENT,
      },
    });
    expect(badEnum.data ?? null).toBeNull();
    expect(badEnum.errors?.length).toBeGreaterThan(0);
    // Query cost and depth limits hold for the new fields too.
    const wide = `{ ${Array.from({ length: 300 }, (_, i) => `s${i}: mySubscriptions { id contacts { channel address verifiedAt } consents { channel givenAt } }`).join(' ')} }`;
    // Since issue #8, 300 aliases are refused by the alias and root-field limits before the cost.
    const tooWide = firstError(await gql(wide, {}, auth));
    expect(tooWide.code).toBe('QUERY_TOO_COMPLEX');
    expect(tooWide.message).toMatch(/aliases/i);
    const costly = `{ ${Array.from({ length: 20 }, (_, i) => `s${i}: mySubscriptions { id units { id name children { id name } } }`).join(' ')} }`;
    expect(firstError(await gql(costly, {}, auth)).message).toMatch(/cost/i);
    const deep = await gql(
      '{ mySubscriptions { units { parent { parent { parent { parent { parent { parent { id } } } } } } } } }',
      {},
      auth,
    );
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('erases a subscriber on request of an admin', async () => {
    const auth = await admin();
    const erased = await gql<{ eraseSubscriber: boolean }>(
      'mutation($id: ID!) { eraseSubscriber(id: $id) }',
      { id: smsSubscriberId },
      auth,
    );
    expect(erased.data?.eraseSubscriber).toBe(true);
    expect(await adminSubscriber(smsSubscriberId)).toBeNull();
    const again = await gql(
      'mutation($id: ID!) { eraseSubscriber(id: $id) }',
      { id: smsSubscriberId },
      auth,
    );
    expect(firstError(again).code).toBe('NOT_FOUND');
  });
});
