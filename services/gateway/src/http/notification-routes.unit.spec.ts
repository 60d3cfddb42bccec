import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, InvalidArgumentError } from '@pcn/platform';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationClient } from '../infra/notification-client.js';
import { createNotificationRoutes, HOOK_SECRET_HEADER } from './notification-routes.js';

const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const SECRET = 'unit-hook-secret-unit-hook-secret-42';
let server: Server | undefined;

/** The routes on a throwaway server, with a notification client that records what it is asked. */
async function serve(smsWebhookSecret: string | undefined) {
  const calls: string[] = [];
  const method =
    (name: string, answer: () => unknown) =>
    (..._args: unknown[]) => {
      calls.push(name);
      return answer();
    };
  const client = {
    unsubscribe: method('unsubscribe', () => {
      throw new InvalidArgumentError([{ field: 'token', description: 'is bad signature' }]);
    }),
    handleInboundSms: method('handleInboundSms', () => ({ action: 'stop' })),
  };
  const api = {
    client,
    call: (fn: () => unknown) => Promise.resolve().then(fn),
  };
  const notifications = {
    forRequest: () => api,
    asGateway: () => api,
  } as unknown as NotificationClient;
  const routes = createNotificationRoutes({
    notifications,
    identity: {
      authenticate: () => Promise.resolve({ kind: 'anonymous', id: 'anonymous', roles: [] }),
    },
    logger,
    smsWebhookSecret,
  });
  server = createServer(
    (req, res) => void routes.serve(req, res, (req.url ?? '/').split('?')[0] ?? '/'),
  );
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, calls };
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('the notification routes', () => {
  it('refuse SMS callbacks with 503 when no hook secret is configured', async () => {
    const { base, calls } = await serve(undefined);
    const res = await fetch(`${base}/hooks/sms/inbound`, {
      method: 'POST',
      headers: { [HOOK_SECRET_HEADER]: SECRET, 'content-type': 'application/json' },
      body: JSON.stringify({ from: '0912345678', text: 'STOP' }),
    });
    expect(res.status).toBe(503);
    expect(calls).toEqual([]);
  });

  it('relay a callback only with the right secret', async () => {
    const { base, calls } = await serve(SECRET);
    const send = (headers: Record<string, string>) =>
      fetch(`${base}/hooks/sms/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ from: '0912345678', text: 'STOP' }),
      });
    expect((await send({})).status).toBe(401);
    expect((await send({ [HOOK_SECRET_HEADER]: 'short' })).status).toBe(403);
    expect(calls).toEqual([]);
    const ok = await send({ [HOOK_SECRET_HEADER]: SECRET });
    expect(ok.status).toBe(200);
    expect(calls).toEqual(['handleInboundSms']);
  });

  it('never unsubscribes on GET or HEAD, and answers a refused token with a readable 400 page', async () => {
    const { base, calls } = await serve(SECRET);
    const get = await fetch(`${base}/unsubscribe/abc_DEF-123`);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('action="abc_DEF-123"');
    expect((await fetch(`${base}/unsubscribe/abc`, { method: 'HEAD' })).status).toBe(200);
    expect(calls).toEqual([]);
    const post = await fetch(`${base}/unsubscribe/abc_DEF-123`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(400);
    expect(post.headers.get('content-type')).toContain('text/html');
    expect(await post.text()).toMatch(/không hợp lệ[\s\S]*not valid/);
    expect(calls).toEqual(['unsubscribe']);
  });
});
