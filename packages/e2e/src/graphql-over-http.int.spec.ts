import { freePorts, tempDir, waitFor, type TempDir } from '@pcn/testing';
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, loadGatewayConfig, startGateway, type Gateway } from '@pcn/gateway/testing';
import {
  loadNotificationConfig,
  startNotificationService,
} from '@pcn/notification-service/testing';

// The GraphQL over HTTP spec (graphql-http's audits) against the real gateway, and the media types
// its POST accepts: only application/json, so that no web page can make a visitor's browser run a
// mutation with a plain form. The real notification service runs in this process, so that a
// refused `subscribe` is seen to create nothing.

const INTERNAL_SECRET = 'http-internal-secret-http-internal-secret';
let dir: TempDir;
let gateway: Gateway;
let stopNotification: (() => Promise<void>) | undefined;
let url: string;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-http-');
  const grpcPort = await freePorts(1);
  const prefix = `gwh${Date.now().toString(36)}`;
  gateway = await startGateway(
    loadGatewayConfig({
      NATS_URL: inject('natsUrl'),
      BUS_PREFIX: prefix,
      SQLITE_FILE: dir.file('gateway.db'),
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-test-secret-test-secret-42',
      INTERNAL_SECRET,
      DEMO_DATA: 'true',
      RATE_LIMIT_PER_MINUTE: '100000',
      DRAFT_GRPC_ADDRESS: '127.0.0.1:1',
      OUTREACH_GRPC_ADDRESS: '127.0.0.1:1',
      FEEDBACK_GRPC_ADDRESS: '127.0.0.1:1',
      NOTIFICATION_GRPC_ADDRESS: `127.0.0.1:${grpcPort}`,
    }),
    { handleSignals: false },
  );
  url = gateway.url;
  const notification = await startNotificationService(
    loadNotificationConfig({
      NATS_URL: inject('natsUrl'),
      BUS_PREFIX: prefix,
      SQLITE_FILE: dir.file('notification.db'),
      NODE_ENV: 'test',
      NOTIFICATION_LINK_SECRET: 'http-link-secret-http-link-secret-http-l',
      INTERNAL_SECRET,
      GRPC_PORT: String(grpcPort),
      PUBLIC_BASE_URL: url.replace('/graphql', ''),
      SMTP_URL: 'smtp://127.0.0.1:1',
      LOG_LEVEL: 'silent',
    }),
    { handleSignals: false },
  );
  stopNotification = () => notification.host.lifecycle.shutdown('test done');
  await waitFor(async () => (await subscriberCount().catch(() => undefined)) !== undefined, {
    timeoutMs: 30_000,
    description: 'the gateway reaching the notification service',
  });
}, 60_000);

afterAll(async () => {
  await gateway?.lifecycle.shutdown('test done');
  await stopNotification?.();
  await dir?.remove();
});

interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

let adminAuth: Record<string, string> | undefined;
async function admin(): Promise<Record<string, string>> {
  if (adminAuth) return adminAuth;
  const res = await gql<{ signIn: { token: string } }>(
    'mutation($p: String!) { signIn(email: "admin@demo.pcn.vn", password: $p) { token } }',
    { p: DEMO_PASSWORD },
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  adminAuth = { authorization: `Bearer ${res.data.signIn.token}` };
  return adminAuth;
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

/**
 * The SHOULD audits the gateway passed before POST was limited to application/json (run against
 * the previous main); they must all still pass. Every MUST audit passes, always.
 */
const SHOULD_PASSING_BEFORE = [
  '22EB',
  '47DE',
  '80D8',
  '34A2',
  '8161',
  '94B0',
  '94B1',
  '94B2',
  '2EA1',
  '428F',
  'BCF8',
  'B7N8',
  '572B',
  'FDE2',
  '7B9B',
  '865D',
  '556A',
  'D586',
  '51FE',
  '74FF',
  '5E5B',
  '86EE',
];

describe('GraphQL over HTTP', () => {
  it('passes every MUST audit of graphql-http, and the SHOULD audits it passed before', async () => {
    const results: AuditResult[] = [];
    for (const audit of serverAudits({ url, fetchFn: fetch })) results.push(await audit.fn());
    const failed = (level: string) =>
      results
        .filter((r) => r.name.startsWith(level) && r.status !== 'ok')
        .map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failed('MUST')).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
    const shouldFailing = results
      .filter((r) => SHOULD_PASSING_BEFORE.includes(r.id) && r.status !== 'ok')
      .map((r) => `${r.id} ${r.name}`);
    expect(shouldFailing).toEqual([]);
    // Now passing too: a POST without a media type gets a 4xx (415).
    expect(results.find((r) => r.id === '9ABE')?.status).toBe('ok');
  });

  it('refuses form, multipart and text POSTs with 415 and a code, and runs nothing', async () => {
    const mutation = (address: string) =>
      `mutation { subscribe(input: { language: "vi", contacts: [{ channel: EMAIL, address: "${address}" }], unitIds: ["lao-cai"], consent: { given: true, textVersion: "consent-2026-01" } }) { subscriberId } }`;
    const before = await subscriberCount();
    const multipart = new FormData();
    multipart.set('operations', JSON.stringify({ query: mutation('multipart@example.vn') }));
    multipart.set('map', '{}');
    const attempts: [string, RequestInit][] = [
      [
        'application/x-www-form-urlencoded',
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ query: mutation('form@example.vn') }).toString(),
        },
      ],
      // fetch sets multipart/form-data with its boundary itself.
      ['multipart/form-data', { body: multipart }],
      [
        'text/plain',
        {
          headers: { 'content-type': 'text/plain;charset=UTF-8' },
          body: JSON.stringify({ query: mutation('text@example.vn') }),
        },
      ],
      // No media type at all is refused the same way.
      ['none', { body: new Blob([JSON.stringify({ query: mutation('none@example.vn') })]) }],
    ];
    for (const [what, init] of attempts) {
      const res = await fetch(url, { method: 'POST', ...init });
      expect(res.status, what).toBe(415);
      expect(res.headers.get('content-type'), what).toContain('application/json');
      const body = (await res.json()) as GraphQLResponse;
      expect(body.data, what).toBeUndefined();
      expect(body.errors?.[0]?.extensions?.code, what).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(body.errors?.[0]?.message, what).toMatch(/application\/json/);
    }
    expect(await subscriberCount()).toBe(before);

    // The control: the same mutation as JSON (with its charset, in any case) does run.
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: JSON.stringify({ query: mutation('json@example.vn') }),
    });
    expect(ok.status).toBe(200);
    const okBody = (await ok.json()) as GraphQLResponse<{ subscribe: { subscriberId: string } }>;
    expect(okBody.data?.subscribe.subscriberId).toEqual(expect.any(String));
    expect(await subscriberCount()).toBe(before + 1);
  });
});

describe('browsers on other origins', () => {
  const preflight = (target: string, origin: string) =>
    fetch(target, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('get no approval by default, so no other web page can send a JSON mutation either', async () => {
    for (const origin of ['https://evil.example', 'null']) {
      const res = await preflight(url, origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
      // Even a request sent anyway gives the page nothing to read.
      const post = await fetch(url, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(post.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('are approved only from the origins listed in CORS_ORIGINS', async () => {
    const corsDir = await tempDir('pcn-gw-cors-');
    const withCors = await startGateway(
      loadGatewayConfig({
        NATS_URL: inject('natsUrl'),
        BUS_PREFIX: `gwcors${Date.now().toString(36)}`,
        SQLITE_FILE: corsDir.file('gateway.db'),
        HTTP_PORT: '0',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        JWT_SECRET: 'test-secret-test-secret-test-secret-42',
        CORS_ORIGINS: 'https://portal.example, https://app.example:8443',
        DRAFT_GRPC_ADDRESS: '127.0.0.1:1',
        NOTIFICATION_GRPC_ADDRESS: '127.0.0.1:1',
      }),
      { handleSignals: false },
    );
    try {
      for (const origin of ['https://portal.example', 'https://app.example:8443']) {
        const res = await preflight(withCors.url, origin);
        expect(res.headers.get('access-control-allow-origin'), origin).toBe(origin);
      }
      const evil = await preflight(withCors.url, 'https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    } finally {
      await withCors.lifecycle.shutdown('test done');
      await corsDir.remove();
    }
  });

  it('must be named as origins in CORS_ORIGINS, or the gateway does not start', () => {
    for (const bad of ['portal.example', 'https://portal.example/path', 'not a url'])
      expect(() =>
        loadGatewayConfig({
          NATS_URL: 'nats://127.0.0.1:4222',
          JWT_SECRET: 'test-secret-test-secret-test-secret-42',
          CORS_ORIGINS: bad,
        }),
      ).toThrow(/CORS_ORIGINS/);
  });
});
