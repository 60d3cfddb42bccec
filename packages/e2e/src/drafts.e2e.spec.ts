import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { draft as draftPb } from '@pcn/contracts';
import { BusNames } from '@pcn/events';
import { callUnary, createGrpcClient, runInContext, UnauthenticatedError } from '@pcn/platform';
import {
  freePorts,
  readStream,
  ServiceProcesses,
  subscribeSse,
  tempDir,
  uniquePrefix,
  waitFor,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DEMO_PARTNER_API_KEY,
  graphqlClient,
  signInHeaders,
  type GraphQLResponse,
} from '@pcn/gateway/testing';

// Drafts end to end through the gateway, with every service as its own process (from dist/, as
// `npm test` builds it) and two replicas of the draft service on one store.
let dir: TempDir;
let prefix: string;
let nc: NatsConnection;
let services: ServiceProcesses;
let url: string;
let draftAddress: string;
const INTERNAL_SECRET = 'e2e-internal-secret-e2e-internal-secret';

beforeAll(async () => {
  dir = await tempDir('pcn-drafts-e2e-');
  prefix = uniquePrefix('e2e');
  services = new ServiceProcesses({
    servicesDir: new URL('../../../services/', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix: prefix,
    env: { INTERNAL_SECRET },
  });
  const grpc = await freePorts(2);
  const httpPort = await freePorts(1);
  const draftEnv = {
    SQLITE_FILE: dir.file('draft.db'),
    DOCUMENT_TYPES: 'provincial_decision=3s,law=60d',
    CLOSING_SOON_LEAD: '5s',
    SCHEDULER_INTERVAL_MS: '200',
  };
  const a = services.launch('draft', {
    ...draftEnv,
    GRPC_PORT: String(grpc),
    REPLICA_ID: 'draft-a',
  });
  const b = services.launch('draft', {
    ...draftEnv,
    GRPC_PORT: String(grpc + 1),
    REPLICA_ID: 'draft-b',
  });
  await Promise.all([a.waitForLine(/gRPC serving/), b.waitForLine(/gRPC serving/)]);
  draftAddress = `127.0.0.1:${grpc}`;
  const gateway = services.launch('gateway', {
    SQLITE_FILE: dir.file('gateway.db'),
    HTTP_PORT: String(httpPort),
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
    DEMO_DATA: 'true',
    DRAFT_GRPC_ADDRESS: `127.0.0.1:${grpc}`,
  });
  await gateway.waitForLine(/gateway listening/);
  // The demo data set's draft is seeded in the background; let it land before counting drafts.
  await gateway.waitForLine(/demo draft created/, 30_000);
  url = `http://127.0.0.1:${httpPort}/graphql`;
  nc = await connect({ servers: inject('natsUrl') });
});

afterAll(async () => {
  await nc?.close();
  const exits = await services.stopAll();
  await dir.remove();
  // Every process stops cleanly on SIGTERM.
  expect(exits.every((e) => e.code === 0)).toBe(true);
});

const gql = graphqlClient(() => url);

const signIn = (email: string) => signInHeaders(url, email);

const DRAFT_FIELDS = 'id version status language title contentVersion';

describe('drafts through the gateway', () => {
  it('an editor consults on a draft in vi and hmn; partners see it live; it closes by itself, once', async () => {
    const editor = await signIn('editor.stp@demo.pcn.vn');
    const partner = { 'x-api-key': DEMO_PARTNER_API_KEY };
    const feed = subscribeSse<{ type: string; draftId: string }>(
      url,
      'subscription { draftEvents(filter: { unitId: "lao-cai" }) { type draftId } }',
      'draftEvents',
      partner,
    );
    // Publish only once the gateway serves the subscription.
    await waitFor(
      async () =>
        ((
          await gql<{ network: { liveSubscriptions: number } }>('{ network { liveSubscriptions } }')
        ).data?.network.liveSubscriptions ?? 0) >= 1,
      { description: 'the SSE subscription registered' },
    );

    const created = await gql<{ createDraft: { id: string; version: number } }>(
      `mutation($input: CreateDraftInput!) { createDraft(input: $input) { ${DRAFT_FIELDS} } }`,
      {
        input: {
          code: 'QD-E2E-2026-01',
          documentType: 'provincial_decision',
          agencyId: 'org-so-tu-phap',
          content: {
            title: [{ lang: 'vi', text: 'Dự thảo Quyết định quy định giá dịch vụ đò ngang' }],
            summary: [{ lang: 'vi', text: 'Giá đò ngang trên địa bàn tỉnh' }],
            chapters: [
              {
                id: 'ch1',
                number: 'I',
                title: [{ lang: 'vi', text: 'Quy định chung' }],
                articles: [
                  {
                    id: 'a1',
                    number: '1',
                    title: [{ lang: 'vi', text: 'Giá dịch vụ' }],
                    clauses: [
                      {
                        id: 'a1c1',
                        number: '1',
                        text: [{ lang: 'vi', text: 'Giá là 20.000 đồng một lượt.' }],
                      },
                    ],
                  },
                ],
              },
            ],
          },
          target: { unitIds: ['lc-xa-y-ty', 'lc-xa-ban-ho'], ethnicGroups: ['mong'] },
        },
      },
      editor,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data?.createDraft.id ?? '';

    const translated = await gql<{ setTranslation: { version: number } }>(
      `mutation($input: SetTranslationInput!) { setTranslation(input: $input) { ${DRAFT_FIELDS} } }`,
      {
        input: {
          id,
          expectedVersion: created.data?.createDraft.version,
          lang: 'hmn',
          status: 'DRAFT',
          title: 'Daim ntawv txiav txim txog tus nqi nkoj',
          summary: 'Tus nqi nkoj hla dej',
          texts: [
            { id: 'ch1', text: 'Txoj cai dav dav' },
            { id: 'a1', text: 'Tus nqi' },
            { id: 'a1c1', text: 'Tus nqi yog 20.000 daim ib zaug.' },
          ],
        },
      },
      editor,
    );
    expect(translated.errors).toBeUndefined();
    const approved = await gql<{ setTranslation: { version: number } }>(
      `mutation($input: SetTranslationInput!) { setTranslation(input: $input) { ${DRAFT_FIELDS} } }`,
      {
        input: {
          id,
          expectedVersion: translated.data?.setTranslation.version,
          lang: 'hmn',
          status: 'APPROVED',
        },
      },
      editor,
    );
    expect(approved.errors).toBeUndefined();

    const now = Date.now();
    const opened = await gql<{ openConsultation: { status: string } }>(
      `mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { ${DRAFT_FIELDS} consultation { languages } } }`,
      {
        input: {
          id,
          expectedVersion: approved.data?.setTranslation.version,
          opensAt: new Date(now).toISOString(),
          closesAt: new Date(now + 10_000).toISOString(),
        },
      },
      editor,
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data?.openConsultation).toMatchObject({
      status: 'IN_CONSULTATION',
      consultation: { languages: ['vi', 'hmn'] },
    });

    await waitFor(
      () => feed.received.some((e) => e.draftId === id && e.type === 'ConsultationOpened'),
      {
        description: 'ConsultationOpened over SSE',
      },
    );

    const anonymous = await gql<{
      draft: {
        language: string;
        title: string;
        chapters: { articles: { clauses: { text: string }[] }[] }[];
      };
    }>(
      '{ draft(id: "' +
        id +
        '", lang: "hmn") { language title chapters { articles { clauses { text } } } } }',
    );
    expect(anonymous.data?.draft).toEqual({
      language: 'hmn',
      title: 'Daim ntawv txiav txim txog tus nqi nkoj',
      chapters: [{ articles: [{ clauses: [{ text: 'Tus nqi yog 20.000 daim ib zaug.' }] }] }],
    });
    // Listing by unit includes the unit's subtree: the province finds it, another commune does not.
    const inUnit = async (unitId: string) =>
      (
        await gql<{ drafts: { edges: { node: { id: string } }[] } }>(
          `{ drafts(filter: { unitId: "${unitId}", statuses: [IN_CONSULTATION] }, first: 100) { edges { node { id } } } }`,
        )
      ).data?.drafts.edges.map((e) => e.node.id) ?? [];
    expect(await inUnit('lao-cai')).toContain(id);
    expect(await inUnit('lc-xa-y-ty')).toContain(id);
    expect(await inUnit('lc-xa-bat-xat')).not.toContain(id);
    const byHeader = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'hmn;q=0.9, en;q=0.5' },
      body: JSON.stringify({ query: `{ draft(id: "${id}") { language } }` }),
    });
    expect(await byHeader.json()).toEqual({ data: { draft: { language: 'hmn' } } });

    await waitFor(
      () => feed.received.some((e) => e.draftId === id && e.type === 'ConsultationClosed'),
      {
        timeoutMs: 20_000,
        description: 'ConsultationClosed over SSE',
      },
    );
    const closed = await gql<{ draft: { status: string } }>(
      `{ draft(id: "${id}") { status consultation { closedBy } } }`,
    );
    expect(closed.data?.draft).toEqual({
      status: 'CONSULTATION_CLOSED',
      consultation: { closedBy: 'schedule' },
    });
    feed.close();
    await feed.done;

    // The stream is the record: each lifecycle event exactly once, with two schedulers running.
    const jsm = await jetstreamManager(nc);
    const types = (await readStream(jsm, new BusNames(prefix).stream('draft')))
      .map((m) => m.json<{ type: string; subject: string }>())
      .filter((e) => e.subject === id)
      .map((e) => e.type.replace('pcn.draft.v1.', ''));
    expect(types.filter((t) => t === 'ConsultationOpened')).toHaveLength(1);
    expect(types.filter((t) => t === 'ConsultationClosingSoon')).toHaveLength(1);
    expect(types.filter((t) => t === 'ConsultationClosed')).toHaveLength(1);
    // The partner saw the public events only: no internal drafting events.
    const seen = feed.received.filter((e) => e.draftId === id).map((e) => e.type);
    expect(seen).toEqual(['ConsultationOpened', 'ConsultationClosingSoon', 'ConsultationClosed']);
  });
});

type DraftState = 'none' | 'drafting' | 'in_consultation' | 'consultation_closed' | 'promulgated';
type Ref = { id: string; version: number };

/** Each mutation: what it needs to succeed, and the call. */
const MUTATIONS: Record<
  string,
  {
    kind: 'draft' | 'admin';
    state: DraftState;
    query: string;
    vars: (d: Ref, extra: string) => Record<string, unknown>;
  }
> = {
  createDraft: {
    kind: 'draft',
    state: 'none',
    query: 'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id } }',
    vars: () => ({
      input: {
        code: `QD-MATRIX-${Math.random().toString(36).slice(2, 10)}`,
        documentType: 'provincial_decision',
        agencyId: 'org-so-tu-phap',
        content: { title: [{ lang: 'vi', text: 'Dự thảo ma trận' }] },
      },
    }),
  },
  updateDraft: {
    kind: 'draft',
    state: 'drafting',
    query: 'mutation($input: UpdateDraftInput!) { updateDraft(input: $input) { id } }',
    vars: (d) => ({ input: { id: d.id, expectedVersion: d.version, policyAreas: ['matrix'] } }),
  },
  setTranslation: {
    kind: 'draft',
    state: 'drafting',
    query: 'mutation($input: SetTranslationInput!) { setTranslation(input: $input) { id } }',
    vars: (d) => ({
      input: { id: d.id, expectedVersion: d.version, lang: 'ium', status: 'DRAFT', title: 'x' },
    }),
  },
  openConsultation: {
    kind: 'draft',
    state: 'drafting',
    query: 'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { id } }',
    vars: (d) => ({
      input: {
        id: d.id,
        expectedVersion: d.version,
        opensAt: new Date().toISOString(),
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    }),
  },
  extendConsultation: {
    kind: 'draft',
    state: 'in_consultation',
    query:
      'mutation($input: ExtendConsultationInput!) { extendConsultation(input: $input) { id } }',
    vars: (d) => ({
      input: {
        id: d.id,
        expectedVersion: d.version,
        closesAt: new Date(Date.now() + 7_200_000).toISOString(),
        reason: 'matrix',
      },
    }),
  },
  closeConsultation: {
    kind: 'draft',
    state: 'in_consultation',
    query:
      'mutation($id: ID!, $v: Int!) { closeConsultation(id: $id, expectedVersion: $v) { id } }',
    vars: (d) => ({ id: d.id, v: d.version }),
  },
  reviseDraft: {
    kind: 'draft',
    state: 'consultation_closed',
    query: 'mutation($input: ReviseDraftInput!) { reviseDraft(input: $input) { id } }',
    vars: (d) => ({
      input: {
        id: d.id,
        expectedVersion: d.version,
        content: { title: [{ lang: 'vi', text: 'Sửa' }] },
      },
    }),
  },
  promulgateDraft: {
    kind: 'draft',
    state: 'consultation_closed',
    query: 'mutation($input: PromulgateDraftInput!) { promulgateDraft(input: $input) { id } }',
    vars: (d) => ({
      input: {
        id: d.id,
        expectedVersion: d.version,
        documentNumber: '1/2026/QD-UBND',
        signedOn: '2026-12-01',
        effectiveOn: '2026-12-15',
      },
    }),
  },
  amendDraft: {
    kind: 'draft',
    state: 'promulgated',
    query:
      'mutation($id: ID!, $v: Int!, $by: ID!) { amendDraft(id: $id, expectedVersion: $v, amendedByDraftId: $by) { id } }',
    vars: (d, by) => ({ id: d.id, v: d.version, by }),
  },
  repealDraft: {
    kind: 'draft',
    state: 'promulgated',
    query:
      'mutation($id: ID!, $v: Int!, $by: ID!) { repealDraft(id: $id, expectedVersion: $v, repealedByDraftId: $by) { id } }',
    vars: (d, by) => ({ id: d.id, v: d.version, by }),
  },
  createApiClient: {
    kind: 'admin',
    state: 'none',
    query:
      'mutation { createApiClient(name: "Matrix", organizationId: "org-cong-ttdt", roles: [PARTNER_SYSTEM]) { key } }',
    vars: () => ({}),
  },
  rotateApiKey: {
    kind: 'admin',
    state: 'none',
    query: 'mutation($c: ID!) { rotateApiKey(clientId: $c) { key } }',
    vars: (_d, clientId) => ({ c: clientId }),
  },
  revokeApiClient: {
    kind: 'admin',
    state: 'none',
    query: 'mutation($c: ID!) { revokeApiClient(clientId: $c) { id } }',
    vars: (_d, clientId) => ({ c: clientId }),
  },
};

describe('authorization matrix: every mutation × every role', () => {
  it('lets network admins and the drafting agency’s editors write, denies everyone else, and denied calls write nothing', async () => {
    const callers: Record<string, Record<string, string>> = {
      anonymous: {},
      network_admin: await signIn('admin@demo.pcn.vn'),
      agency_editor_own: await signIn('editor.stp@demo.pcn.vn'),
      agency_editor_other: await signIn('editor.stc@demo.pcn.vn'),
      unit_officer: await signIn('officer.yty@demo.pcn.vn'),
      press_partner: await signIn('press@demo.pcn.vn'),
      partner_system: { 'x-api-key': DEMO_PARTNER_API_KEY },
    };
    const editor = callers.agency_editor_own ?? {};
    const admin = callers.network_admin ?? {};
    const must = async <T>(
      query: string,
      vars: Record<string, unknown>,
      headers: Record<string, string>,
    ) => {
      const r = await gql<T>(query, vars, headers);
      if (!r.data) throw new Error(`setup failed: ${JSON.stringify(r.errors)}`);
      return r.data;
    };

    /** A draft of org-so-tu-phap in the given state, made by its editor. */
    async function draftIn(state: DraftState): Promise<Ref> {
      const vars = MUTATIONS.createDraft?.vars({ id: '', version: 0 }, '') ?? {};
      let d = (
        await must<{ createDraft: Ref }>(
          'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id version } }',
          vars,
          editor,
        )
      ).createDraft;
      if (state === 'drafting') return d;
      d = (
        await must<{ openConsultation: Ref }>(
          'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { id version } }',
          MUTATIONS.openConsultation?.vars(d, '') ?? {},
          editor,
        )
      ).openConsultation;
      if (state === 'in_consultation') return d;
      d = (
        await must<{ closeConsultation: Ref }>(
          'mutation($id: ID!, $v: Int!) { closeConsultation(id: $id, expectedVersion: $v) { id version } }',
          { id: d.id, v: d.version },
          editor,
        )
      ).closeConsultation;
      if (state === 'consultation_closed') return d;
      return (
        await must<{ promulgateDraft: Ref }>(
          'mutation($input: PromulgateDraftInput!) { promulgateDraft(input: $input) { id version } }',
          MUTATIONS.promulgateDraft?.vars(d, '') ?? {},
          editor,
        )
      ).promulgateDraft;
    }
    const newClient = async () =>
      (
        await must<{ createApiClient: { key: string; client: { id: string } } }>(
          'mutation { createApiClient(name: "Matrix target", organizationId: "org-cong-ttdt", roles: [PARTNER_SYSTEM]) { key client { id } } }',
          {},
          admin,
        )
      ).createApiClient;
    const versionOf = async (id: string) =>
      (await must<{ draft: { version: number } }>(`{ draft(id: "${id}") { version } }`, {}, admin))
        .draft.version;
    const countAll = async () =>
      (
        await must<{ drafts: { totalCount: number } }>(
          '{ drafts(first: 1) { totalCount } }',
          {},
          admin,
        )
      ).drafts.totalCount;
    const keyWorks = async (key: string) =>
      (await gql<{ me: { kind: string } | null }>('{ me { kind } }', {}, { 'x-api-key': key })).data
        ?.me?.kind === 'api-client';

    const problems: string[] = [];
    const replacement = await draftIn('in_consultation');
    for (const [name, m] of Object.entries(MUTATIONS)) {
      // One target for every denied caller; a fresh one for each allowed caller, whose write succeeds.
      const target = m.state === 'none' ? { id: '', version: 0 } : await draftIn(m.state);
      const client = m.kind === 'admin' ? await newClient() : undefined;
      for (const [role, headers] of Object.entries(callers)) {
        const allowed =
          role === 'network_admin' || (m.kind === 'draft' && role === 'agency_editor_own');
        if (allowed) {
          const own = m.state === 'none' ? target : await draftIn(m.state);
          const extra = m.kind === 'admin' ? (await newClient()).client.id : replacement.id;
          const res = await gql(m.query, m.vars(own, extra), headers);
          if (res.errors)
            problems.push(
              `${name} × ${role}: ${res.errors[0]?.extensions?.code} (${res.errors[0]?.message}), expected success`,
            );
          continue;
        }
        const before =
          m.kind === 'draft'
            ? { count: await countAll(), version: target.id ? await versionOf(target.id) : 0 }
            : undefined;
        const res = await gql(
          m.query,
          m.vars(target, client?.client.id ?? replacement.id),
          headers,
        );
        const code = res.errors?.[0]?.extensions?.code ?? 'OK';
        // Anonymous callers must sign in; signed-in callers are forbidden, or told an internal draft does not exist.
        const expected =
          role === 'anonymous'
            ? ['UNAUTHENTICATED']
            : m.state === 'drafting'
              ? ['FORBIDDEN', 'NOT_FOUND']
              : ['FORBIDDEN'];
        if (!expected.includes(code))
          problems.push(`${name} × ${role}: ${code}, expected ${expected.join(' or ')}`);
        if (before) {
          const after = {
            count: await countAll(),
            version: target.id ? await versionOf(target.id) : 0,
          };
          if (after.count !== before.count || after.version !== before.version)
            problems.push(`${name} × ${role}: a draft was written`);
        }
        if (client && !(await keyWorks(client.key)))
          problems.push(`${name} × ${role}: the API client was changed`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('hostile input through the gateway', () => {
  it('gives each a clear coded error, and writes nothing', async () => {
    const editor = await signIn('editor.stp@demo.pcn.vn');
    const admin = await signIn('admin@demo.pcn.vn');
    const count = async () =>
      (
        await gql<{ drafts: { totalCount: number } }>(
          '{ drafts(first: 1) { totalCount } }',
          {},
          admin,
        )
      ).data?.drafts.totalCount;
    const before = await count();
    const create = (title: { lang: string; text: string }[], unitIds: string[] = []) =>
      gql(
        'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id } }',
        {
          input: {
            code: 'QD-HOSTILE',
            documentType: 'provincial_decision',
            agencyId: 'org-so-tu-phap',
            content: { title },
            target: { unitIds },
          },
        },
        editor,
      );
    const oversized = await create([{ lang: 'vi', text: 'Đ'.repeat(501) }]);
    expect(oversized.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'content.title.vi' }],
    });
    const badTag = await create([
      { lang: 'vi', text: 'Dự thảo' },
      { lang: 'klingon-!!', text: 'x' },
    ]);
    expect(badTag.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'content.title.klingon-!!' }],
    });
    const noUnit = await create([{ lang: 'vi', text: 'Dự thảo' }], ['lc-khong-ton-tai']);
    expect(noUnit.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.target.unitIds' }],
    });
    const deep = await gql(
      '{ units { children { children { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } } } }',
    );
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
    const huge = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ __typename }',
        variables: { pad: 'x'.repeat(1024 * 1024) },
      }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as GraphQLResponse<unknown>).errors?.[0]?.extensions?.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    const made = await create([{ lang: 'vi', text: 'Dự thảo hợp lệ' }]);
    const id = (made.data as { createDraft: { id: string } } | undefined)?.createDraft.id ?? '';
    const stale = await gql(
      'mutation($input: UpdateDraftInput!) { updateDraft(input: $input) { id } }',
      { input: { id, expectedVersion: 42, policyAreas: ['x'] } },
      editor,
    );
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await count()).toBe((before ?? 0) + 1);
    const v = await gql<{ draft: { version: number; policyAreas: string[] } }>(
      `{ draft(id: "${id}") { version policyAreas } }`,
      {},
      editor,
    );
    expect(v.data?.draft).toEqual({ version: 1, policyAreas: [] });
  });
});

describe('paging through drafts', () => {
  it('resumes after any edge’s cursor, Relay-style', async () => {
    const admin = await signIn('admin@demo.pcn.vn');
    const page = async (first: number, after?: string) =>
      (
        await gql<{
          drafts: {
            edges: { cursor: string; node: { id: string } }[];
            pageInfo: { endCursor: string | null };
          };
        }>(
          'query($first: Int!, $after: String) { drafts(first: $first, after: $after, sort: CODE, descending: false) { edges { cursor node { id } } pageInfo { endCursor } } }',
          { first, after },
          admin,
        )
      ).data?.drafts;
    const three = await page(3);
    expect(three?.edges).toHaveLength(3);
    expect(three?.pageInfo.endCursor).toBe(three?.edges[2]?.cursor);
    const rest = await page(2, three?.edges[0]?.cursor);
    expect(rest?.edges.map((e) => e.node.id)).toEqual(three?.edges.slice(1).map((e) => e.node.id));
  });
});

describe('the draft service behind the gateway', () => {
  it('ignores a caller identity that the network did not sign', async () => {
    const client = createGrpcClient(draftPb.DraftServiceClient, draftAddress, {
      audience: 'draft',
    });
    try {
      // This test process does not hold INTERNAL_SECRET: whatever it claims, it is anonymous.
      const forged = runInContext(
        {
          correlationId: 'forged',
          caller: { kind: 'user', id: 'mallory', roles: ['network_admin'] },
        },
        () =>
          callUnary(client.createDraft.bind(client), {
            code: 'QD-FORGED',
            documentType: 'provincial_decision',
            agencyId: 'org-so-tu-phap',
            content: { title: { vi: 'Giả mạo' }, summary: {}, chapters: [] },
            policyAreas: [],
            target: undefined,
            spokespersonId: '',
            publicDisclosure: true,
            attachments: [],
          }),
      );
      await expect(forged).rejects.toBeInstanceOf(UnauthenticatedError);
    } finally {
      client.close();
    }
  });
});
