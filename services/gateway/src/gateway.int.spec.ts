import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { draft as pb, health } from '@pcn/contracts';
import { BusNames, createEventFactory } from '@pcn/events';
import {
  CORRELATION_ID_HEADER,
  createLogger,
  GrpcServer,
  isUuidV7,
  NotFoundError,
  PermissionDeniedError,
  systemClock,
  toGrpcError,
} from '@pcn/platform';
import { subscribeSse, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Gateway } from './gateway.js';
import { startTestGateway } from './testing/gateway-harness.js';
import { postGraphql, signInHeaders } from './testing/graphql-client.js';

const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const MAX = 64 * 1024;
let dir: TempDir;
let gateway: Gateway;
let probe: GrpcServer;
const probeSeen: string[] = [];
const batchCalls: string[][] = [];
const closeCalls: string[] = [];
const createCalls: string[] = [];
let url: string;

const prefix = uniquePrefix('gw');
const names = new BusNames(prefix);

beforeAll(async () => {
  dir = await tempDir();
  // The draft service's address answers health only: enough to see what the gateway sends it.
  probe = new GrpcServer({ logger });
  const impl: health.HealthServer = {
    check: (call, callback) => {
      probeSeen.push(String(call.metadata.get(CORRELATION_ID_HEADER)[0]));
      callback(null, { status: health.HealthCheckResponse_ServingStatus.SERVING });
    },
    watch: (call) => call.end(),
  };
  probe.addService(health.HealthService, impl);
  // ...and BatchGetDrafts, counting calls, to see the gateway batch its reads.
  const drafts: Partial<pb.DraftServiceServer> = {
    batchGetDrafts: (call, callback) => {
      batchCalls.push([...call.request.ids]);
      callback(null, {
        drafts: call.request.ids.map((id) =>
          pb.Draft.fromPartial({
            id,
            version: 1,
            code: `C-${id}`,
            status: pb.DraftStatus.DRAFT_STATUS_PROMULGATED,
            translations: { vi: pb.TranslationStatus.TRANSLATION_STATUS_APPROVED },
            content: { title: { vi: `Văn bản ${id}` }, summary: {}, chapters: [] },
            amendedByDraftId: `amending-${id}`,
          }),
        ),
      });
    },
  };
  // ...and CloseConsultation, deciding as the draft service does: see that the gateway leaves the
  // decision to it, with no read first, and maps its status.
  drafts.closeConsultation = (call, callback) => {
    closeCalls.push(call.request.id);
    if (call.request.id === 'foreign')
      return callback(toGrpcError(new PermissionDeniedError('Only the drafting agency may')));
    if (call.request.id === 'hidden')
      return callback(toGrpcError(new NotFoundError('draft', 'hidden')));
    callback(null, {
      draft: pb.Draft.fromPartial({
        id: call.request.id,
        version: call.request.expectedVersion + 1,
        code: 'C-closed',
        status: pb.DraftStatus.DRAFT_STATUS_CONSULTATION_CLOSED,
        content: { title: { vi: 'Đã đóng' }, summary: {}, chapters: [] },
      }),
    });
  };
  // ...and CreateDraft, counting what reaches it.
  drafts.createDraft = (call, callback) => {
    createCalls.push(call.request.code);
    callback(toGrpcError(new NotFoundError('agency', 'probe')));
  };
  probe.addService(pb.DraftServiceService, drafts as pb.DraftServiceServer);
  const probePort = await probe.listen('127.0.0.1', 0);
  gateway = await startTestGateway({
    BUS_PREFIX: prefix,
    SQLITE_FILE: dir.file('gateway.db'),
    MAX_REQUEST_BYTES: String(MAX),
    MAX_QUERY_DEPTH: '6',
    MAX_QUERY_COST: '500',
    SUBSCRIPTION_RECHECK_MS: '200',
    DRAFT_GRPC_ADDRESS: `127.0.0.1:${probePort}`,
  });
  url = gateway.url;
});

afterAll(async () => {
  await gateway.lifecycle.shutdown('test done');
  await probe.shutdown(1000);
  await dir.remove();
});

interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; fields?: { path: string }[] } }[];
}

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GraphQLResponse<T>; headers: Headers }> {
  const res = await postGraphql(url, query, variables, {
    accept: 'application/graphql-response+json',
    ...headers,
  });
  return {
    status: res.status,
    body: (await res.json()) as GraphQLResponse<T>,
    headers: res.headers,
  };
}

const signIn = (email: string) => signInHeaders(url, email);

const createDraft = `mutation($input: CreateDraftInput!) { createDraft(input: $input) { id } }`;
const draftInput = (agencyId: string, unitIds: string[] = ['lc-xa-y-ty']) => ({
  input: {
    code: 'QD-GW-1',
    documentType: 'provincial_decision',
    agencyId,
    content: { title: [{ lang: 'vi', text: 'Dự thảo' }] },
    target: { unitIds },
  },
});

describe('the gateway', () => {
  it('answers { __typename } over POST and GET, as application/graphql-response+json', async () => {
    const post = await gql('{ __typename }');
    expect(post.status).toBe(200);
    expect(post.headers.get('content-type')).toContain('application/graphql-response+json');
    expect(post.body).toEqual({ data: { __typename: 'Query' } });
    const get = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(get.status).toBe(200);
    const mutation = await fetch(
      `${url}?query=${encodeURIComponent('mutation { closeConsultation(id: "x", expectedVersion: 1) { id } }')}`,
      {
        headers: { accept: 'application/graphql-response+json' },
      },
    );
    expect(mutation.status).toBe(405);
  });

  it('serves the demo directory: Lao Cai units with legacy districts, agencies and spokespersons', async () => {
    const { body } = await gql<{
      units: { id: string; level: string }[];
      organizations: { kind: string }[];
      spokespersons: { demo: boolean }[];
    }>(
      '{ units(parentId: "lao-cai", includeInactive: true) { id level } organizations { kind } spokespersons { demo } }',
    );
    expect(body.data?.units.some((u) => u.level === 'DISTRICT')).toBe(true);
    expect(body.data?.units.some((u) => u.level === 'COMMUNE' || u.level === 'WARD')).toBe(true);
    expect(new Set(body.data?.organizations.map((o) => o.kind))).toEqual(
      new Set(['DRAFTING_AGENCY', 'PRESS_AGENCY', 'UNIT_OFFICE', 'PARTNER_SYSTEM']),
    );
    expect(body.data?.spokespersons.every((s) => s.demo)).toBe(true);
  });

  it('signs people in, says who they are, and refuses bad credentials with UNAUTHENTICATED', async () => {
    const auth = await signIn('editor.stp@demo.pcn.vn');
    const me = await gql<{ me: { roles: string[]; organization: { id: string } } }>(
      '{ me { roles organization { id } } }',
      {},
      auth,
    );
    expect(me.body.data?.me).toEqual({
      roles: ['AGENCY_EDITOR'],
      organization: { id: 'org-so-tu-phap' },
    });
    expect((await gql('{ me { id } }')).body.data).toEqual({ me: null });
    const wrong = await gql(
      'mutation { signIn(email: "editor.stp@demo.pcn.vn", password: "nope-nope-nope") { token } }',
    );
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await gql('{ me { id } }', {}, { authorization: 'Bearer not.a.token' });
    expect(forged.status).toBe(401);
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('checks role and scope before any draft write reaches the draft service', async () => {
    const anonymous = await gql(createDraft, draftInput('org-so-tu-phap'));
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const press = await gql(
      createDraft,
      draftInput('org-so-tu-phap'),
      await signIn('press@demo.pcn.vn'),
    );
    expect(press.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherAgency = await gql(
      createDraft,
      draftInput('org-so-tai-chinh'),
      await signIn('editor.stp@demo.pcn.vn'),
    );
    expect(otherAgency.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noUnit = await gql(
      createDraft,
      draftInput('org-so-tu-phap', ['lc-xa-khong-co']),
      await signIn('editor.stp@demo.pcn.vn'),
    );
    expect(noUnit.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.target.unitIds' }],
    });
  });

  it('refuses oversized, chunked, too deep and malformed requests with a code, never a stack', async () => {
    const big = await gql('{ __typename }', { pad: 'x'.repeat(MAX) });
    expect(big.status).toBe(413);
    expect(big.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }"}'));
        controller.close();
      },
    });
    const chunked = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(411);
    const deep = await gql(
      '{ units { parent { parent { parent { parent { parent { parent { id } } } } } } } }',
    );
    expect(deep.body.errors?.[0]?.message).toMatch(/depth/i);
    const malformed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(malformed.status).toBe(400);
    const invalid = await gql('{ nope }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(invalid.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    const badLang = await gql('{ drafts(filter: { language: "not a tag!" }) { totalCount } }');
    expect(badLang.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('carries the correlation id into backend calls and echoes it', async () => {
    const given = await gql(
      '{ network { services { name status } } }',
      {},
      { 'x-correlation-id': 'req-42' },
    );
    expect(given.headers.get('x-correlation-id')).toBe('req-42');
    const hostile = await gql(
      '{ network { services { name } } }',
      {},
      { 'x-correlation-id': 'bad id; drop' },
    );
    const fresh = hostile.headers.get('x-correlation-id') ?? '';
    expect(isUuidV7(fresh)).toBe(true);
    expect(probeSeen.slice(-2)).toEqual(['req-42', fresh]);
    const services = (
      given.body.data as { network: { services: { name: string; status: string }[] } }
    ).network.services;
    expect(services).toContainEqual({ name: 'draft', status: 'SERVING' });
    expect(services).toContainEqual({ name: 'outreach', status: 'UNREACHABLE' });
  });

  it('reads every draft a query touches in one batched call per level, not one call each', async () => {
    batchCalls.length = 0;
    const res = await gql<Record<string, { code: string; amendedBy: { code: string } }>>(
      '{ a: draft(id: "d1") { code amendedBy { code } } b: draft(id: "d2") { code amendedBy { code } } c: draft(id: "d3") { code amendedBy { code } } }',
      {},
      await signIn('admin@demo.pcn.vn'),
    );
    expect(res.body.data?.b).toEqual({ code: 'C-d2', amendedBy: { code: 'C-amending-d2' } });
    expect(batchCalls).toEqual([
      ['d1', 'd2', 'd3'],
      ['amending-d1', 'amending-d2', 'amending-d3'],
    ]);
  });

  it('refuses a document type outside the enum, in variables or literals, before the draft service hears of it', async () => {
    const editor = await signIn('editor.stp@demo.pcn.vn');
    createCalls.length = 0;
    for (const bad of ['PROVINCIAL_DECISION', 'memo', '', '__proto__', 'x'.repeat(10_000), 7]) {
      const input = { ...draftInput('org-so-tu-phap').input, documentType: bad };
      const res = await gql(createDraft, { input }, editor);
      expect(res.body.data ?? null, String(bad).slice(0, 20)).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code, JSON.stringify(res.body).slice(0, 300)).toBe(
        'BAD_USER_INPUT',
      );
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    const literal = await gql(
      'mutation { createDraft(input: { code: "QD-L", documentType: memo, agencyId: "org-so-tu-phap", content: { title: [{ lang: "vi", text: "x" }] } }) { id } }',
      {},
      editor,
    );
    expect(literal.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(createCalls).toEqual([]);
    // A valid type does reach it (here the probe refuses it), so the count above could move.
    await gql(createDraft, draftInput('org-so-tu-phap'), editor);
    expect(createCalls).toEqual(['QD-GW-1']);
  });

  it('answers many aliases of network with one round of health checks; junk credentials and non-admins get no backlog', async () => {
    const aliases = Array.from(
      { length: 40 },
      (_, i) => `n${i}: network { services { name status } gateway { status } nats { status } }`,
    );
    const before = probeSeen.length;
    const many = await gql<Record<string, { services: { name: string; status: string }[] }>>(
      `{ ${aliases.join(' ')} }`,
    );
    expect(many.body.errors, JSON.stringify(many.body.errors)).toBeUndefined();
    expect(Object.keys(many.body.data ?? {})).toHaveLength(40);
    expect(many.body.data?.['n39']?.services).toContainEqual({ name: 'draft', status: 'SERVING' });
    // The draft service's health was asked once for the whole request, not once per alias.
    expect(probeSeen.length - before).toBe(1);
    // Over the alias limit: refused whole, before anything runs.
    const tooMany = await gql(
      `{ ${Array.from({ length: 101 }, (_, i) => `n${i}: network { nats { status } }`).join(' ')} }`,
    );
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(probeSeen.length - before).toBe(1);
    // The backlog: junk credentials are refused as such, a partner or an editor is forbidden.
    for (const [headers, code] of [
      [{ authorization: 'Bearer junk.junk.junk' }, 'UNAUTHENTICATED'],
      [{ 'x-api-key': 'pcn_nobody_junk' }, 'UNAUTHENTICATED'],
      [await signIn('editor.stp@demo.pcn.vn'), 'FORBIDDEN'],
    ] as const) {
      const res = await gql('{ network { outbox { service pending } } }', {}, headers);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it('leaves a write’s authorization to the draft service: one call, no read first', async () => {
    const close =
      'mutation($id: ID!) { closeConsultation(id: $id, expectedVersion: 3) { id status } }';
    const editor = await signIn('editor.stp@demo.pcn.vn');
    batchCalls.length = 0;
    closeCalls.length = 0;
    const ok = await gql(close, { id: 'd9' }, editor);
    expect(ok.body.data).toEqual({
      closeConsultation: { id: 'd9', status: 'CONSULTATION_CLOSED' },
    });
    const foreign = await gql(close, { id: 'foreign' }, editor);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hidden = await gql(close, { id: 'hidden' }, editor);
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(closeCalls).toEqual(['d9', 'foreign', 'hidden']);
    expect(batchCalls).toEqual([]);
    // Without a sign-in nothing is sent.
    const anonymous = await gql(close, { id: 'd9' });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(closeCalls).toHaveLength(3);
  });

  it('refuses a query whose cost is over the limit', async () => {
    const wide = `{ ${Array.from({ length: 60 }, (_, i) => `u${i}: units { id name level active demo }`).join(' ')} }`;
    const res = await gql(wide);
    expect(res.body.errors?.[0]?.message).toMatch(/cost/i);
    expect(res.body.data ?? null).toBeNull();
  });

  it('serves liveness and readiness without leaking error text', async () => {
    const base = url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { store: 'ok', nats: 'ok' } });
  });

  it('serves anonymous queries from memory until a draft event, and never signed-in ones', async () => {
    const query = JSON.stringify({ query: '{ units(parentId: "lao-cai") { id name } }' });
    const ask = (headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: query,
      });
    const first = await ask();
    const second = await ask();
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['miss', 'hit']);
    expect(await second.text()).toBe(await first.text());
    const vietnamese = await ask({ 'accept-language': 'hmn' });
    expect(vietnamese.headers.get('x-cache')).toBe('miss');
    const signedIn = await ask(await signIn('editor.stp@demo.pcn.vn'));
    expect(signedIn.headers.get('x-cache')).toBeNull();
    const mutation = JSON.stringify({
      query: 'mutation { signIn(email: "x@y.vn", password: "wrong-password") { token } }',
    });
    for (let i = 0; i < 2; i++) {
      const m = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: mutation,
      });
      // Mutations pass straight through, never stored or served from memory.
      expect(m.headers.get('x-cache')).toBeNull();
    }
    // A draft event on the bus makes every cached answer stale.
    const nc = await connect({ servers: inject('natsUrl') });
    try {
      const event = createEventFactory('draft', systemClock).create(
        'pcn.draft.v1.DraftCreated',
        'd1',
        {
          draftId: 'd1',
          code: 'QD-1',
          documentType: 'provincial_decision',
          agencyId: 'org-so-tu-phap',
          title: { vi: 'Dự thảo' },
          languages: ['vi'],
          targetUnitIds: [],
          ethnicGroups: [],
          audienceGroups: [],
          policyAreas: [],
          publicDisclosure: true,
          version: 1,
        },
      );
      await jetstream(nc).publish(names.subjectFor(event.type), JSON.stringify(event), {
        msgID: event.id,
      });
      await waitFor(async () => (await ask()).headers.get('x-cache') === 'miss', {
        description: 'cache invalidated',
      });
    } finally {
      await nc.close();
    }
  });

  it('streams events of a draft that is not disclosed to its agency and admins only, never to the public', async () => {
    const query = 'subscription { draftEvents(filter: { draftId: "d-secret" }) { id type } }';
    const publicFeed = subscribeSse<{ id: string }>(url, query, 'draftEvents');
    const adminFeed = subscribeSse<{ id: string }>(
      url,
      query,
      'draftEvents',
      await signIn('admin@demo.pcn.vn'),
    );
    await waitFor(
      async () =>
        ((
          await gql<{ network: { liveSubscriptions: number } }>('{ network { liveSubscriptions } }')
        ).body.data?.network.liveSubscriptions ?? 0) >= 2,
      { description: 'both subscriptions registered' },
    );
    const nc = await connect({ servers: inject('natsUrl') });
    try {
      const factory = createEventFactory('draft', systemClock);
      const opened = (publicDisclosure: boolean) =>
        factory.create('pcn.draft.v1.ConsultationOpened', 'd-secret', {
          draftId: 'd-secret',
          code: 'QD-SECRET',
          documentType: 'provincial_decision',
          agencyId: 'org-so-tu-phap',
          title: { vi: 'Dự thảo' },
          languages: ['vi'],
          targetUnitIds: [],
          ethnicGroups: [],
          audienceGroups: [],
          policyAreas: [],
          publicDisclosure,
          version: 1,
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        });
      const hidden = opened(false);
      const disclosed = opened(true);
      for (const e of [hidden, disclosed])
        await jetstream(nc).publish(names.subjectFor(e.type), JSON.stringify(e), { msgID: e.id });
      await waitFor(() => publicFeed.received.length >= 1 && adminFeed.received.length >= 2, {
        description: 'events delivered',
      });
      // In order: the public feed got the disclosed event, having skipped the hidden one before it.
      expect(publicFeed.received.map((e) => e.id)).toEqual([disclosed.id]);
      expect(adminFeed.received.map((e) => e.id)).toEqual([hidden.id, disclosed.id]);
    } finally {
      publicFeed.close();
      adminFeed.close();
      await Promise.all([publicFeed.done, adminFeed.done]);
      await nc.close();
    }
  });

  it('ends a live subscription once its API key is revoked', async () => {
    const admin = await signIn('admin@demo.pcn.vn');
    const created = await gql<{ createApiClient: { key: string; client: { id: string } } }>(
      'mutation { createApiClient(name: "Short-lived", organizationId: "org-cong-ttdt", roles: [PARTNER_SYSTEM]) { key client { id } } }',
      {},
      admin,
    );
    const { key, client } = created.body.data?.createApiClient ?? { key: '', client: { id: '' } };
    const feed = subscribeSse(url, 'subscription { draftEvents { id } }', 'draftEvents', {
      'x-api-key': key,
    });
    let ended = false;
    void feed.done.then(() => {
      ended = true;
    });
    const live = async () =>
      (await gql<{ network: { liveSubscriptions: number } }>('{ network { liveSubscriptions } }'))
        .body.data?.network.liveSubscriptions ?? 0;
    await waitFor(async () => (await live()) >= 1, { description: 'the subscription registered' });
    // Still running across several re-checks while the key is valid.
    const before = await live();
    await gql(
      'mutation($c: ID!) { revokeApiClient(clientId: $c) { id } }',
      { c: client.id },
      admin,
    );
    await waitFor(() => ended, { description: 'the stream ended after revocation' });
    await waitFor(async () => (await live()) === before - 1, {
      description: 'the subscription released',
    });
  });

  it('says a backend is unavailable when the draft service is down, without internals', async () => {
    await probe.shutdown(1000);
    const res = await gql('{ drafts { totalCount } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });
});
