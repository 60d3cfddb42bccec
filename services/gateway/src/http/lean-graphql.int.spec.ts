import { tempDir, uniquePrefix, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../gateway.js';
import { DEMO_PASSWORD } from '../identity/demo-data.js';
import { startTestGateway } from '../testing/gateway-harness.js';

// The lean path (a plain JSON POST: Yoga's GraphQL stage without its HTTP stage) must answer
// exactly as Yoga's full pipeline does. An Accept header listing two media types takes the full
// pipeline, one of them the lean path, and both get the same media type: so each request below is
// sent both ways and the answers compared, byte for byte.

let dir: TempDir;
let gateway: Gateway;
let url: string;
let editor: Record<string, string>;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-lean-');
  gateway = await startTestGateway({
    BUS_PREFIX: uniquePrefix('gwl'),
    SQLITE_FILE: dir.file('gateway.db'),
    MAX_QUERY_DEPTH: '6',
    MAX_QUERY_COST: '500',
    // The refused sign-in is compared many times over; the throttle would change its answer.
    SIGN_IN_FREE_ATTEMPTS: '100',
  });
  url = gateway.url;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { signIn(email: "editor.stp@demo.pcn.vn", password: "${DEMO_PASSWORD}") { token } }`,
    }),
  });
  const { data } = (await res.json()) as { data: { signIn: { token: string } } };
  editor = { authorization: `Bearer ${data.signIn.token}` };
});

afterAll(async () => {
  await gateway?.lifecycle.shutdown('test done');
  await dir?.remove();
});

async function send(body: string, accept: string | undefined, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accept !== undefined ? { accept } : {}),
      ...headers,
    },
    body,
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: await res.text(),
  };
}

/** Accept headers that take the lean path, each with one that takes the full pipeline. */
const ACCEPTS: [lean: string | undefined, full: string][] = [
  ['application/json', 'application/json, application/graphql-response+json'],
  ['application/graphql-response+json', 'application/graphql-response+json, application/json'],
  [
    'application/graphql-response+json; charset=utf-8',
    'application/graphql-response+json, text/html',
  ],
  // fetch sends `*/*` when no Accept header is given.
  [undefined, 'application/json, text/html'],
  ['*/*', 'application/json, text/html;q=0.9'],
];

const json = (value: unknown) => JSON.stringify(value);
const CASES: [what: string, body: string, headers?: 'editor' | 'junk'][] = [
  ['a query', json({ query: '{ __typename units(parentId: "lao-cai") { id name } }' })],
  ['a signed-in query', json({ query: '{ me { kind roles } }' }), 'editor'],
  ['bad credentials', json({ query: '{ __typename }' }), 'junk'],
  ['a syntax error', json({ query: '{ units { id ' })],
  ['a validation error', json({ query: '{ nope }' })],
  [
    'a variable that does not coerce',
    json({ query: 'query($id: ID!) { unit(id: $id) { id } }', variables: { id: { x: 1 } } }),
  ],
  ['a missing variable', json({ query: 'query($id: ID!) { unit(id: $id) { id } }' })],
  [
    'a resolver refusing input',
    json({ query: '{ drafts(filter: { language: "not a tag!" }) { totalCount } }' }),
  ],
  ['a backend that is down', json({ query: '{ drafts(first: 1) { totalCount } }' })],
  [
    'too deep',
    json({
      query: '{ units { parent { parent { parent { parent { parent { parent { id } } } } } } } }',
    }),
  ],
  [
    'too costly',
    json({
      query: `{ ${Array.from({ length: 60 }, (_, i) => `u${i}: units { id name }`).join(' ')} }`,
    }),
  ],
  [
    'an operation picked by name',
    json({
      query: 'query A { __typename } query B { units { id } }',
      operationName: 'B',
      extensions: { note: 'x' },
    }),
  ],
  ['two operations and no name', json({ query: 'query A { __typename } query B { __typename }' })],
  ['an unknown parameter', json({ query: '{ __typename }', nope: 1 })],
  ['a query that is not a string', json({ query: 42 })],
  ['no query', json({ variables: {} })],
  ['a batch', json([{ query: '{ __typename }' }])],
  ['null', 'null'],
  ['not JSON', '{"query": '],
  [
    'a mutation refused',
    json({
      query:
        'mutation { signIn(email: "nobody@example.vn", password: "wrong-password") { token } }',
    }),
  ],
  [
    'a mutation the caller may not run',
    json({ query: 'mutation { revokeApiClient(clientId: "x") { id } }' }),
    'editor',
  ],
  ['a subscription over plain POST', json({ query: 'subscription { draftEvents { id } }' })],
];

describe('the lean GraphQL path', () => {
  it('is taken at /graphql only: other paths are not found, as before', async () => {
    for (const headers of [{}, editor]) {
      const res = await fetch(url.replace('/graphql', '/elsewhere'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(404);
    }
  });

  it.each(CASES)('answers %s exactly as the full pipeline does', async (_, body, who) => {
    const headers =
      who === 'editor' ? editor : who === 'junk' ? { authorization: 'Bearer junk.junk.junk' } : {};
    for (const [lean, full] of ACCEPTS) {
      // Over plain POST, a subscription answered as an event stream never ends: not compared.
      if (body.includes('subscription') && (lean === undefined || lean === '*/*')) continue;
      const a = await send(body, lean, headers);
      const b = await send(body, full, headers);
      expect(a, `Accept: ${lean} vs ${full}`).toEqual(b);
    }
  });
});
