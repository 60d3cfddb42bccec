import { captureLogs, type CapturedLogs } from '@pcn/platform';
import { tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlClient, type Gateway } from '@pcn/gateway/testing';
import { startGatewayWithNotifications } from './gateway-with-notifications.js';
import type { NotificationBackend } from './notification-backend.js';

// User mistakes are not operator errors: the gateway logs a wrong verification code at info, and
// keeps ERROR for what an operator must act on.
let dir: TempDir;
let gateway: Gateway;
let backend: NotificationBackend | undefined;
let logs: CapturedLogs;

beforeAll(async () => {
  dir = await tempDir('pcn-log-levels-');
  logs = captureLogs({ service: 'gateway', level: 'info' });
  ({ gateway, backend } = await startGatewayWithNotifications({
    dir,
    busPrefix: uniquePrefix('loglv'),
    internalSecret: 'int-internal-secret-int-internal-secret',
    gatewayLogger: logs.logger,
  }));
  await backend.unitTreeReceived();
}, 60_000);

afterAll(async () => {
  await gateway?.lifecycle.shutdown('test done');
  await backend?.stop();
  await dir?.remove();
});

const gql = graphqlClient(() => gateway.url);
const atLevel = (level: string) => logs.lines().filter((l) => l.level === level);

describe('log levels', () => {
  it('logs a wrong verification code at info, never at error, and without the code', async () => {
    const res = await gql<{ subscribe: { subscriberId: string } }>(
      `mutation($input: SubscribeInput!) { subscribe(input: $input) { subscriberId } }`,
      {
        input: {
          language: 'vi',
          contacts: [{ channel: 'EMAIL', address: 'wrong.code@example.vn' }],
          unitIds: ['lao-cai'],
          consent: { given: true, textVersion: 'consent-2026-01' },
        },
      },
    );
    const subscriberId = res.data?.subscribe.subscriberId ?? '';
    expect(subscriberId).not.toBe('');
    await waitFor(() => backend!.sink.messages.length > 0, { description: 'the code sent' });
    const code = /(\d{6})/.exec(backend!.sink.messages[0]?.text ?? '')?.[1] ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    const before = logs.lines().length;
    const refused = await gql(
      `mutation($input: ConfirmSubscriptionInput!) { confirmSubscription(input: $input) { status } }`,
      { input: { subscriberId, channel: 'EMAIL', code: wrong } },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const lines = await waitFor(
      () => {
        const fresh = logs.lines().slice(before);
        return fresh.some((l) => JSON.stringify(l).includes('not the latest code'))
          ? fresh
          : undefined;
      },
      { description: 'the refusal logged' },
    );
    const line = lines.find((l) => JSON.stringify(l).includes('not the latest code'));
    expect(line?.level).toBe('info');
    expect(atLevel('error')).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain(wrong);
    expect(JSON.stringify(lines)).not.toContain('wrong.code@example.vn');

    // A refused command (not signed in) is a warning, still not an error.
    const anonymous = await gql('{ notificationAlerts(first: 1) { id } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await waitFor(() => atLevel('warn').some((l) => JSON.stringify(l).includes('Sign in')), {
      description: 'the refusal logged as a warning',
    });
    expect(atLevel('error')).toEqual([]);
  });
});
