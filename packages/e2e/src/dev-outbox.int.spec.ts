import { startDevCatcher, type DevCatcher } from '@pcn/notification-service/testing';
import { tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlClient, type Gateway } from '@pcn/gateway/testing';
import { startGatewayWithNotifications } from './gateway-with-notifications.js';
import type { NotificationBackend } from './notification-backend.js';

// `npm start`'s message catchers, end to end: the real notification service sends through its own
// email, SMS and Zalo adapters to a real SMTP server and an HTTP server speaking the eSMS and ZNS
// APIs, and the gateway's /dev/outbox shows what a citizen would have received.
const INTERNAL_SECRET = 'int-internal-secret-int-internal-secret';
let dir: TempDir;
let catcher: DevCatcher;
let gateway: Gateway;
let backend: NotificationBackend | undefined;
let base: string;

beforeAll(async () => {
  dir = await tempDir('pcn-dev-outbox-');
  catcher = await startDevCatcher();
  ({ gateway, backend } = await startGatewayWithNotifications({
    dir,
    busPrefix: uniquePrefix('devout'),
    internalSecret: INTERNAL_SECRET,
    gateway: { DEV_OUTBOX_URL: catcher.outboxUrl },
    notification: {
      env: {
        SMTP_URL: catcher.smtpUrl,
        SMS_API_URL: catcher.providerUrl,
        SMS_API_KEY: 'dev',
        SMS_SECRET_KEY: 'dev',
        ZALO_API_URL: catcher.providerUrl,
        ZALO_ACCESS_TOKEN: 'dev',
        ZALO_TEMPLATE_ID: 'dev',
      },
    },
  }));
  base = gateway.url.replace('/graphql', '');
  await backend.unitTreeReceived();
}, 60_000);

afterAll(async () => {
  await gateway?.lifecycle.shutdown('test done');
  await backend?.stop();
  await catcher?.close();
  await dir?.remove();
});

const gql = graphqlClient(() => gateway.url);

async function outbox(): Promise<{ status: number; type: string; html: string }> {
  const res = await fetch(`${base}/dev/outbox`);
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    html: await res.text(),
  };
}

describe('the dev outbox', () => {
  it('shows the verification messages sent by email, SMS and Zalo, with recipient, language and text', async () => {
    const res = await gql<{ subscribe: { subscriberId: string } }>(
      `mutation($input: SubscribeInput!) { subscribe(input: $input) { subscriberId } }`,
      {
        input: {
          language: 'en',
          contacts: [
            { channel: 'EMAIL', address: 'newcomer@example.vn' },
            { channel: 'SMS', address: '+84912345678' },
            { channel: 'ZALO', address: '4820113455' },
          ],
          unitIds: ['lao-cai'],
          consent: { given: true, textVersion: 'consent-2026-01' },
        },
      },
    );
    expect(res.errors).toBeUndefined();
    const caught = await waitFor(
      () => {
        const all = catcher.messages();
        return all.length >= 3 ? all : undefined;
      },
      { timeoutMs: 20_000, description: 'three verification messages caught' },
    );
    expect(caught.map((m) => m.channel).sort()).toEqual(['email', 'sms', 'zalo']);
    const email = caught.find((m) => m.channel === 'email')!;
    expect(email).toMatchObject({ to: 'newcomer@example.vn', language: 'en' });
    expect(email.text).toMatch(/\d{6}/);
    expect(caught.find((m) => m.channel === 'sms')).toMatchObject({ to: '84912345678' });
    expect(caught.find((m) => m.channel === 'zalo')).toMatchObject({ to: '4820113455' });

    const page = await outbox();
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    for (const m of caught) {
      expect(page.html).toContain(`<td>${m.to}</td>`);
      expect(page.html).toContain(`<td>${m.channel}</td>`);
    }
    expect(page.html).toContain('<td>en</td>');
    const code = /\d{6}/.exec(email.text)![0];
    expect(page.html).toContain(code);
  });

  it('lists newest first and escapes what the messages hold', async () => {
    // A provider request as the SMS adapter makes it, with markup in the text.
    const sent = await fetch(
      `${catcher.providerUrl}/MainService.svc/json/SendMultipleMessage_V4_post_json/`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ApiKey: 'dev',
          SecretKey: 'dev',
          Phone: '84911111111',
          Content: '<script>alert("x")</script> & <img src=x onerror=alert(1)>',
          RequestId: 'hostile-1',
        }),
      },
    );
    expect(sent.status).toBe(200);
    const page = await outbox();
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
    );
    // The hostile SMS came last, so it is the first row.
    const rows = page.html.split('<tr>').slice(2);
    expect(rows[0]).toContain('84911111111');
    expect(rows.length).toBe(catcher.messages().length);
    expect(catcher.messages()[0]?.to).toBe('84911111111');
  });

  it('answers 503 naming the catcher when it is down, and 405 to anything but GET', async () => {
    const post = await fetch(`${base}/dev/outbox`, { method: 'POST' });
    expect(post.status).toBe(405);
    await catcher.close();
    const page = await outbox();
    expect(page.status).toBe(503);
    expect(page.html).toContain('did not answer');
    expect(page.html).not.toMatch(/at .*\.(ts|js):\d+|Error:/);
  });
});
