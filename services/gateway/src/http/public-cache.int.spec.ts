import { tempDir, uniquePrefix, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../gateway.js';
import { DEMO_PARTNER_API_KEY, DEMO_PASSWORD } from '../identity/demo-data.js';
import { startTestGateway } from '../testing/gateway-harness.js';

// The public answer cache through the real gateway: bounded by bytes, keyed on the normalised
// document, and shared with signed-in callers whose rights add nothing to the public's view.

const MAX_BYTES = 256 * 1024;
let dir: TempDir;
let gateway: Gateway;
let url: string;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-cache-');
  gateway = await startTestGateway({
    BUS_PREFIX: uniquePrefix('gwc'),
    SQLITE_FILE: dir.file('gateway.db'),
    PUBLIC_CACHE_MAX_BYTES: String(MAX_BYTES),
  });
  url = gateway.url;
});

afterAll(async () => {
  await gateway?.lifecycle.shutdown('test done');
  await dir?.remove();
});

async function ask(query: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { cache: res.headers.get('x-cache'), status: res.status, text: await res.text() };
}

const stats = () => {
  const cache = gateway.http.cache;
  if (!cache) throw new Error('the public cache is off');
  return cache.stats;
};

const partner = { 'x-api-key': DEMO_PARTNER_API_KEY };
async function editor(): Promise<Record<string, string>> {
  const res = await ask(
    `mutation { signIn(email: "editor.stp@demo.pcn.vn", password: "${DEMO_PASSWORD}") { token } }`,
  );
  const token = (JSON.parse(res.text) as { data: { signIn: { token: string } } }).data.signIn.token;
  return { authorization: `Bearer ${token}` };
}

describe('the public answer cache', () => {
  it('keys answers on the normalised document: comments and spacing make no new entry', async () => {
    const before = stats().entries;
    const first = await ask('{ organizations { id name } }');
    expect(first.cache).toBe('miss');
    for (let n = 0; n < 50; n++) {
      const variant = await ask(`# ${n}\n{\n  organizations   {\n id, name # why not\n }\n}`);
      expect(variant.cache, `variant ${n}`).toBe('hit');
      expect(variant.text).toBe(first.text);
    }
    expect(stats().entries).toBe(before + 1);
  });

  it('keys one document apart by its variables, and keeps nothing of a mutation, however often it is sent', async () => {
    const query = 'query($kind: OrganizationKind) { organizations(kind: $kind) { id kind } }';
    const send = async (body: object, headers: Record<string, string> = {}) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { cache: res.headers.get('x-cache'), text: await res.text() };
    };
    const press = await send({ query, variables: { kind: 'PRESS_AGENCY' } });
    const all = await send({ query, variables: {} });
    expect(press.cache).toBe('miss');
    expect(all.cache).toBe('miss');
    expect(press.text).not.toBe(all.text);
    const kinds = (text: string) =>
      new Set(
        (
          JSON.parse(text) as { data: { organizations: { kind: string }[] } }
        ).data.organizations.map((o) => o.kind),
      );
    expect([...kinds(press.text)]).toEqual(['PRESS_AGENCY']);
    expect(kinds(all.text).size).toBeGreaterThan(1);
    expect((await send({ query, variables: { kind: 'PRESS_AGENCY' } })).cache).toBe('hit');
    // A mutation is run every time and never kept: each refused sign-in is told again.
    const before = stats().entries;
    for (let n = 0; n < 5; n++) {
      const res = await send({
        query:
          'mutation($e: String!) { signIn(email: $e, password: "wrong-password-1") { token } }',
        variables: { e: `nobody${n}@demo.pcn.vn` },
      });
      expect(res.cache).toBeNull();
      expect(res.text).toMatch(/"errors"/);
    }
    expect(stats().entries).toBe(before);
  });

  it('holds no more bytes than PUBLIC_CACHE_MAX_BYTES, however many different answers it sees', async () => {
    const sizes: number[] = [];
    for (let i = 0; i < 100; i++) {
      // 30 aliases of the unit list, named apart: a different answer of about 10 KB each time.
      const aliases = Array.from(
        { length: 30 },
        (_, j) => `u${i}_${j}: units(includeInactive: true) { id name level active demo }`,
      );
      const res = await ask(`{ ${aliases.join(' ')} }`);
      expect(res.text).toMatch(/^\{"data":/);
      sizes.push(res.text.length);
    }
    // About 100 × the size of one answer was asked for: far more than the budget.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(3 * MAX_BYTES);
    expect(stats().bytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(stats().entries).toBeLessThan(100);
  });

  it('serves a partner system the public’s answers, and stores answers it fetched for the public', async () => {
    const publicFirst = await ask('{ units(parentId: "lao-cai") { id name } }');
    expect(publicFirst.cache).toBe('miss');
    const partnerHit = await ask('{ units(parentId: "lao-cai") { id name } }', partner);
    expect(partnerHit.cache).toBe('hit');
    expect(partnerHit.text).toBe(publicFirst.text);

    const partnerFirst = await ask('{ spokespersons { id name } }', partner);
    expect(partnerFirst.cache).toBe('miss');
    const publicHit = await ask('{ spokespersons { id name } }');
    expect(publicHit.cache).toBe('hit');
    expect(publicHit.text).toBe(partnerFirst.text);
  });

  it('never shares answers that depend on who asks, nor serves them to an editor', async () => {
    // An editor may see more than the public: it is never served shared answers.
    const signedIn = await ask('{ units(parentId: "lao-cai") { id name } }', await editor());
    expect(signedIn.cache).toBeNull();
    // `me` is the caller's own, whether asked for at the root or through a fragment.
    for (const query of [
      '{ me { kind id } }',
      '{ organizations { id } ...F } fragment F on Query { me { kind id } }',
      '{ ... on Query { me { kind id } } }',
    ]) {
      const anonymous = await ask(query);
      expect(JSON.parse(anonymous.text)).toMatchObject({ data: { me: null } });
      for (let i = 0; i < 2; i++) {
        const mine = await ask(query, partner);
        expect(mine.cache, query).toBeNull();
        expect(JSON.parse(mine.text), query).toMatchObject({
          data: { me: { kind: 'api-client', id: 'demo-cong-ttdt' } },
        });
      }
    }
  });

  it('never keeps health, even when it is asked for through a fragment', async () => {
    const query = '{ ...Health } fragment Health on Query { network { services { name } } }';
    await ask(query);
    expect((await ask(query)).cache).not.toBe('hit');
  });
});
