import {
  subscribeSse,
  tempDir,
  uniquePrefix,
  waitFor,
  type SseSubscription,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PARTNER_API_KEY,
  graphqlClient,
  signInHeaders,
  type Gateway,
} from '@pcn/gateway/testing';
import { startGatewayWithNotifications } from './gateway-with-notifications.js';
import type { NotificationBackend } from './notification-backend.js';

// Live subscriptions end when their client goes, whether or not an event ever matched. The
// re-check interval is left at a minute, so nothing but the disconnect can end them here.
const INTERNAL_SECRET = 'int-internal-secret-int-internal-secret';
const prefix = uniquePrefix('gwlive');
let dir: TempDir;
let gateway: Gateway;
let backend: NotificationBackend | undefined;
let url: string;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-live-');
  ({ gateway, backend } = await startGatewayWithNotifications({
    dir,
    busPrefix: prefix,
    internalSecret: INTERNAL_SECRET,
    gateway: { SUBSCRIPTION_RECHECK_MS: '60000' },
  }));
  url = gateway.url;
}, 60_000);

afterAll(async () => {
  await gateway?.lifecycle.shutdown('test done');
  await backend?.stop();
  await dir?.remove();
});

const gql = graphqlClient(() => url);

async function liveSubscriptions(): Promise<number> {
  const res = await gql<{ network: { liveSubscriptions: number } }>(
    '{ network { liveSubscriptions } }',
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.network.liveSubscriptions;
}

describe('live subscriptions', () => {
  it('end when their clients disconnect, though no event ever matched', async () => {
    const officer = await signInHeaders(url, 'officer.yty@demo.pcn.vn');
    // The in-app feed reaches the notification service before it listens; wait for it to answer.
    await waitFor(async () => (await gql('{ mySubscriptions { id } }', {}, officer)).data, {
      timeoutMs: 30_000,
      description: 'the gateway reaching the notification service',
    });
    const before = await liveSubscriptions();
    const never = 'subscription { draftEvents(filter: { draftId: "never-matches" }) { id } }';
    const streams: SseSubscription<unknown>[] = [
      // Anonymous, as in the report; then a partner's key and a signed-in officer.
      ...Array.from({ length: 4 }, () => subscribeSse(url, never, 'draftEvents')),
      subscribeSse(url, never, 'draftEvents', { 'x-api-key': DEMO_PARTNER_API_KEY }),
      subscribeSse(url, never, 'draftEvents', officer),
      subscribeSse(url, 'subscription { notificationAdded { id } }', 'notificationAdded', officer),
    ];
    await waitFor(async () => (await liveSubscriptions()) === before + streams.length, {
      description: () => `${streams.length} subscriptions registered`,
    });
    for (const stream of streams) stream.close();
    await Promise.all(streams.map((s) => s.done));
    // Well before the re-check (a minute away), every one of them is released.
    await waitFor(async () => (await liveSubscriptions()) === before, {
      timeoutMs: 5_000,
      description: 'the subscriptions released after their clients left',
    });
    expect(streams.every((s) => s.received.length === 0)).toBe(true);
  });
});
