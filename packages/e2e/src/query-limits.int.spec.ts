import { tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphql, signInOnce, startTestGateway, type Gateway } from '@pcn/gateway/testing';
import { startGatewayWithNotifications } from './gateway-with-notifications.js';
import type { NotificationBackend } from './notification-backend.js';

// What one request may ask, through the whole gateway with its default limits (and a second one
// with a small answer cap), against the real notification service and an SMTP sink.
const INTERNAL_SECRET = 'int-internal-secret-int-internal-secret';
const prefix = uniquePrefix('gwlim');
let dir: TempDir;
let gateway: Gateway;
let small: Gateway;
let backend: NotificationBackend | undefined;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-limits-');
  ({ gateway, backend } = await startGatewayWithNotifications({
    dir,
    busPrefix: prefix,
    internalSecret: INTERNAL_SECRET,
  }));
  small = await startTestGateway({
    BUS_PREFIX: `${prefix}small`,
    SQLITE_FILE: dir.file('small.db'),
    INTERNAL_SECRET,
    MAX_RESPONSE_BYTES: '4096',
  });
  await waitFor(
    async () => (await gql('{ subscribers(first: 1) { items { id } } }', {}, await admin())).data,
    { timeoutMs: 30_000, description: 'the gateway reaching the notification service' },
  );
}, 60_000);

afterAll(async () => {
  await gateway?.lifecycle.shutdown('test done');
  await small?.lifecycle.shutdown('test done');
  await backend?.stop();
  await dir?.remove();
});

interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; limit?: string; max?: number; found?: number };
}
interface Answer<T> {
  status: number;
  bytes: number;
  cache: string | null;
  data?: T | null;
  errors?: GraphQLError[];
}

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  url = gateway.url,
): Promise<Answer<T>> {
  const res = await postGraphql(url, query, variables, {
    accept: 'application/graphql-response+json',
    ...headers,
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: T | null; errors?: GraphQLError[] };
  return { status: res.status, bytes: text.length, cache: res.headers.get('x-cache'), ...body };
}

const signIn = signInOnce(() => gateway.url);
const admin = () => signIn('admin@demo.pcn.vn');

const CONSENT = '{ given: true, textVersion: "consent-2026-01" }';
const subscribeField = (alias: string, address: string) =>
  `${alias}: subscribe(input: { language: "vi", contacts: [{ channel: EMAIL, address: "${address}" }], unitIds: ["lao-cai"], consent: ${CONSENT} }) { subscriberId }`;

/** The n-th spelling of one mailbox in upper and lower case, as in the report. */
function caseVariant(n: number): string {
  const local = 'victimmailbox'
    .split('')
    .map((c, i) => ((n >> i) & 1 ? c.toUpperCase() : c))
    .join('');
  return `${local}@example.vn`;
}

async function subscriberIds(): Promise<string[]> {
  const res = await gql<{ subscribers: { items: { id: string }[] } }>(
    '{ subscribers(first: 200) { items { id } } }',
    {},
    await admin(),
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.subscribers.items.map((s) => s.id);
}

/** Both ways in: anonymous (through the public answer cache) and signed in (straight to Yoga). */
const callers = [
  { who: 'anonymous', headers: async () => ({}) },
  { who: 'signed in', headers: admin },
] as const;

describe('aliases and root fields', () => {
  it('refuses 2,000 aliased subscribe calls with a code, creating and sending nothing', async () => {
    const before = await subscriberIds();
    const query = `mutation { ${Array.from({ length: 2000 }, (_, i) =>
      subscribeField(`s${i}`, caseVariant(i)),
    ).join(' ')} }`;
    const res = await gql(query);
    expect(res.data ?? null).toBeNull();
    expect(res.status).toBe(400);
    expect(res.errors?.map((e) => e.extensions?.limit)).toContain('rootFields');
    expect(res.errors?.every((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX')).toBe(true);
    const rootFields = res.errors?.find((e) => e.extensions?.limit === 'rootFields');
    expect(rootFields?.message).toMatch(/weigh 40000 .*limit of 100/);
    expect(rootFields?.message).not.toMatch(/Syntax Error/);
    expect(await subscriberIds()).toEqual(before);
    // A legitimate subscription made afterwards gets its code; the victim never got one.
    const control = await gql(`mutation { ${subscribeField('c', 'control@example.vn')} }`);
    expect(control.errors).toBeUndefined();
    await waitFor(() => backend?.sink.messages.some((m) => m.to.includes('control@example.vn')), {
      timeoutMs: 15_000,
      description: 'the control subscriber’s code',
    });
    const toVictim = backend?.sink.messages.filter((m) =>
      m.to.some((to) => to.toLowerCase() === 'victimmailbox@example.vn'),
    );
    expect(toVictim).toEqual([]);
  });

  it('refuses 500 aliased resendVerificationCode calls the same way, sending nothing', async () => {
    const sentBefore = backend?.sink.messages.length ?? 0;
    const query = `mutation { ${Array.from(
      { length: 500 },
      (_, i) =>
        `r${i}: resendVerificationCode(input: { subscriberId: "sub-${i}", channel: EMAIL }) { subscriberId }`,
    ).join(' ')} }`;
    const res = await gql(query);
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.limit)).toContain('rootFields');
    expect(res.errors?.every((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX')).toBe(true);
    expect(backend?.sink.messages.length ?? 0).toBe(sentBefore);
  });

  it('counts a mutation far above a read: 6 mutations are refused, 100 reads pass', async () => {
    const six = await gql(
      `mutation { ${Array.from({ length: 6 }, (_, i) => subscribeField(`m${i}`, `six${i}@example.vn`)).join(' ')} }`,
    );
    expect(six.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'rootFields',
      max: 100,
      found: 120,
    });
    const reads = await gql(
      `{ ${Array.from({ length: 100 }, (_, i) => `r${i}: unit(id: "lao-cai") { id }`).join(' ')} }`,
    );
    expect(reads.errors).toBeUndefined();
    expect(Object.keys(reads.data ?? {})).toHaveLength(100);
  });

  it('lets the standard introspection query through (GraphiQL, code generators)', async () => {
    const res = await gql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    expect(res.data?.__schema.types.length).toBeGreaterThan(50);
  });

  it('serves a modest query over several lists and root fields', async () => {
    const res = await gql<{ units: unknown[]; organizations: unknown[] }>(
      `{ units(parentId: "lao-cai") { id name level children { id name } }
         organizations { id name kind unit { id name } }
         spokespersons { name position organization { name } }
         me { id }
         network { liveSubscriptions } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.units.length).toBeGreaterThan(0);
    expect(res.data?.organizations.length).toBeGreaterThan(0);
  });
});

describe('results of side-effecting mutations', () => {
  it('keeps what was done when one aliased mutation fails', async () => {
    const res = await gql<{ ok: { subscriberId: string } | null; bad: unknown }>(
      `mutation { ${subscribeField('ok', 'kept@example.vn')} ${subscribeField('bad', 'not an address')} }`,
    );
    expect(res.data?.ok?.subscriberId).toEqual(expect.any(String));
    expect(res.data?.bad).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.path).toEqual(['bad']);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The first one is really stored.
    const stored = await gql<{ subscriber: { contacts: { address: string }[] } | null }>(
      'query($id: ID!) { subscriber(id: $id) { contacts { address } } }',
      { id: res.data?.ok?.subscriberId },
      await admin(),
    );
    expect(stored.data?.subscriber?.contacts).toEqual([{ address: 'kept@example.vn' }]);
  });
});

describe('query cost', () => {
  const page = 'query($n: Int!) { drafts(first: $n) { edges { node { id code title status } } } }';

  it('prices `first` at its value, passed as a variable or written in the query', async () => {
    const asVariable = await gql(page, { n: 5000 });
    expect(asVariable.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      max: 20_000,
    });
    const literal = await gql(page.replace('query($n: Int!)', '').replace('$n', '5000'));
    expect(literal.errors?.[0]?.extensions).toEqual(asVariable.errors?.[0]?.extensions);
    expect(asVariable.errors?.[0]?.extensions?.found).toBeGreaterThan(5000 * 5);
    // A normal page is not refused for its cost (the draft service is down here).
    const normal = await gql(page, { n: 20 });
    expect(normal.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('prices the unit tree at its real size: serves it, refuses 50 aliases over it at once', async () => {
    // Down the tree, each level's units are distinct: together at most every unit.
    const tree =
      'units { id name level children { id name level children { id name level children { id name } } } }';
    const one = await gql<{ t: unknown[] }>(`{ t: ${tree} }`);
    expect(one.errors).toBeUndefined();
    expect(one.data?.t.length).toBeGreaterThan(0);
    // Up and down again, as in the report: each unit's siblings' siblings, 50 times over (7 KB).
    const siblings =
      'units(includeInactive: true) { id name parent { id children(includeInactive: true) { id name parent { id children(includeInactive: true) { id name level } } } } }';
    const query = `{ ${Array.from({ length: 50 }, (_, i) => `t${i}: ${siblings}`).join(' ')} }`;
    expect(query.length).toBeGreaterThan(7_000);
    const started = performance.now();
    const fifty = await gql(query);
    const elapsed = performance.now() - started;
    expect(fifty.data ?? null).toBeNull();
    expect(fifty.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
    });
    expect(fifty.errors?.[0]?.message).toMatch(/costs \d+ .*limit of 20000/);
    // Refused before a unit is read: a short answer, at once.
    expect(fifty.bytes).toBeLessThan(1000);
    expect(elapsed).toBeLessThan(2000);
  });
});

describe('rejections', () => {
  const deep =
    '{ units { children { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } } }';
  const aliases = `{ unit(id: "lao-cai") { ${Array.from({ length: 101 }, (_, i) => `a${i}: id`).join(' ')} } }`;
  const roots = `{ ${Array.from({ length: 101 }, (_, i) => `r${i}: __typename`).join(' ')} }`;
  const costly = '{ drafts(first: 5000) { edges { node { id code title status } } } }';
  const cases = [
    { query: deep, limit: 'depth', message: /depth is 13, over the limit of 12/ },
    { query: aliases, limit: 'aliases', message: /101 aliases, over the limit of 100/ },
    { query: roots, limit: 'rootFields', message: /101 root fields, over the limit of 100/ },
    { query: costly, limit: 'cost', message: /costs \d+ .*over the limit of 20000/ },
  ];

  for (const caller of callers)
    it(`carry QUERY_TOO_COMPLEX and a message naming the limit (${caller.who})`, async () => {
      const headers = await caller.headers();
      for (const c of cases) {
        const res = await gql(c.query, {}, headers);
        expect(res.status, c.limit).toBe(400);
        expect(res.data ?? null, c.limit).toBeNull();
        expect(res.errors, c.limit).toHaveLength(1);
        expect(res.errors?.[0]?.extensions, c.limit).toMatchObject({
          code: 'QUERY_TOO_COMPLEX',
          limit: c.limit,
        });
        expect(res.errors?.[0]?.message, c.limit).toMatch(c.message);
        expect(res.errors?.[0]?.message, c.limit).not.toMatch(/Syntax Error/);
        // Plain JSON clients get 200, as GraphQL over HTTP asks, with the same error.
        const plain = await gql(c.query, {}, { ...headers, accept: 'application/json' });
        expect(plain.status, c.limit).toBe(200);
        expect(plain.errors?.[0]?.extensions?.code, c.limit).toBe('QUERY_TOO_COMPLEX');
      }
    });
});

describe('the answer byte cap', () => {
  for (const caller of callers)
    it(`answers RESPONSE_TOO_LARGE instead of an answer over the cap (${caller.who})`, async () => {
      const headers = await caller.headers();
      const big = '{ units(includeInactive: true) { id name level active demo } }';
      for (let i = 0; i < 2; i++) {
        const res = await gql(big, {}, headers, small.url);
        expect(res.data ?? null).toBeNull();
        expect(res.errors?.[0]?.extensions).toMatchObject({
          code: 'RESPONSE_TOO_LARGE',
          max: 4096,
        });
        expect(res.bytes).toBeLessThan(4096);
        // Never kept as a public answer either.
        expect(res.cache).not.toBe('hit');
      }
      const fits = await gql<{ units: unknown[] }>(
        '{ units(parentId: "lao-cai") { id } }',
        {},
        headers,
        small.url,
      );
      expect(fits.errors).toBeUndefined();
      expect(fits.data?.units.length).toBeGreaterThan(0);
    });
});
