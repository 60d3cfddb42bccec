import { tempDir, uniquePrefix, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadGatewayConfig } from '../config.js';
import { startGateway, type Gateway } from '../gateway.js';
import { DEMO_PARTNER_API_KEY } from '../identity/demo-data.js';

// Rate limits through the real gateway: requests count against a verified identity, or else
// against the client's address (the /64 for IPv6); an unverified credential never names a bucket.

const started: { gateway: Gateway; dir: TempDir }[] = [];
/** The limiters' clock: it stands still unless a test moves it, so no bucket refills meanwhile. */
let now = Date.now();

async function gatewayWith(env: Record<string, string>): Promise<Gateway> {
  const dir = await tempDir('pcn-gw-rate-');
  const gateway = await startGateway(
    loadGatewayConfig({
      NATS_URL: inject('natsUrl'),
      BUS_PREFIX: uniquePrefix('gwr'),
      SQLITE_FILE: dir.file('gateway.db'),
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-test-secret-test-secret-42',
      DEMO_DATA: 'true',
      DRAFT_GRPC_ADDRESS: '127.0.0.1:1',
      OUTREACH_GRPC_ADDRESS: '127.0.0.1:1',
      FEEDBACK_GRPC_ADDRESS: '127.0.0.1:1',
      NOTIFICATION_GRPC_ADDRESS: '127.0.0.1:1',
      ...env,
    }),
    { handleSignals: false, rateLimitClock: () => now },
  );
  started.push({ gateway, dir });
  return gateway;
}

afterAll(async () => {
  for (const { gateway, dir } of started) {
    await gateway.lifecycle.shutdown('test done');
    await dir.remove();
  }
});

interface Answer {
  status: number;
  code: string | undefined;
  typename: string | undefined;
}

async function ask(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const body = (await res.json()) as {
    data?: { __typename?: string } | null;
    errors?: { extensions?: { code?: string } }[];
  };
  return {
    status: res.status,
    code: body.errors?.[0]?.extensions?.code,
    typename: body.data?.__typename,
  };
}

/** `count` requests, `parallel` at a time, in order of `i`. */
async function many(
  count: number,
  parallel: number,
  send: (i: number) => Promise<Answer>,
): Promise<Answer[]> {
  const out: Answer[] = [];
  for (let i = 0; i < count; i += parallel)
    out.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(parallel, count - i) }, (_, j) => send(i + j)),
      )),
    );
  return out;
}

describe('rate limits by verified identity, else by address', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    // The default limit: 600 requests a minute.
    gateway = await gatewayWith({});
  });

  it('junk keys carrying a partner’s client id cannot lock the real partner out', async () => {
    // The reproduction: 700 requests with a junk key naming the demo partner's client id.
    const junk = await many(700, 20, () =>
      ask(gateway.url, { 'x-api-key': 'pcn_demo-cong-ttdt_junk' }),
    );
    // The partner's verified key has a bucket of its own: every request succeeds...
    const partner = await many(20, 1, () =>
      ask(gateway.url, { 'x-api-key': DEMO_PARTNER_API_KEY }),
    );
    expect(partner.map((a) => [a.status, a.typename])).toEqual(
      Array.from({ length: 20 }, () => [200, 'Query']),
    );
    expect(junk.filter((a) => a.status !== 429).map((a) => a.code)).toEqual(
      junk.filter((a) => a.status !== 429).map(() => 'UNAUTHENTICATED'),
    );
    // ...while the junk counted against the sender's address: 600 were let through, then it was
    // spent.
    expect(junk.filter((a) => a.status === 429).length).toBe(100);
    expect((await ask(gateway.url)).status).toBe(429);
  });

  it('thousands of different junk credentials make no new buckets and are limited as one address', async () => {
    const before = gateway.http.rateLimitBuckets;
    const junk = await many(3000, 50, (i) =>
      ask(
        gateway.url,
        i % 2 ? { authorization: `Bearer junk-${i}` } : { 'x-api-key': `pcn_c${i}_x` },
      ),
    );
    // The address was spent by the test above: these are refused without a bucket each.
    expect(junk.filter((a) => a.status === 429).length).toBe(3000);
    expect(gateway.http.rateLimitBuckets).toEqual(before);
    expect(gateway.http.rateLimitBuckets.addresses).toBeLessThanOrEqual(1);
    expect(gateway.http.rateLimitBuckets.identities).toBeLessThanOrEqual(1);
  });
});

describe('rate limits by address', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    // Behind one proxy, whose X-Forwarded-For names the client; 5 requests a minute.
    gateway = await gatewayWith({ TRUSTED_PROXY_HOPS: '1', RATE_LIMIT_PER_MINUTE: '5' });
  });

  const from = (address: string) => ask(gateway.url, { 'x-forwarded-for': address });

  it('counts every IPv6 address of one /64 together, and other /64s and IPv4 apart', async () => {
    const sameNetwork = [
      '2001:db8:1:2::1',
      '2001:db8:1:2::2',
      '2001:db8:1:2:ffff:ffff:ffff:fffe',
      '2001:db8:1:2:abcd::9',
      '2001:0db8:0001:0002:0000:0000:0000:0005',
    ];
    for (const address of sameNetwork) expect((await from(address)).status, address).toBe(200);
    expect((await from('2001:db8:1:2:1234::77')).status).toBe(429);
    // The next /64, an IPv4 client, and an IPv4 client written as IPv6 each have their own.
    expect((await from('2001:db8:1:3::1')).status).toBe(200);
    expect((await from('203.0.113.7')).status).toBe(200);
    for (let i = 0; i < 4; i++) await from('::ffff:198.51.100.4');
    expect((await from('198.51.100.4')).status).toBe(200);
    expect((await from('198.51.100.4')).status).toBe(429);
    // A minute later the /64 may send again.
    now += 60_000;
    expect((await from('2001:db8:1:2:1234::77')).status).toBe(200);
  });
});
