import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames } from '@pcn/events';
import {
  freePorts,
  readStream,
  ServiceProcesses,
  tempDir,
  uniquePrefix,
  waitFor,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PARTNER_API_KEY, graphqlClient, signInHeaders } from '@pcn/gateway/testing';

// What each kind of caller reads of a draft's texts through the gateway, with the draft service as
// its own process (from dist/, as `npm test` builds it): translations nobody approved stay with
// the drafting agency on every path, and unknown language tags fall back and say so.
let dir: TempDir;
let prefix: string;
let nc: NatsConnection;
let services: ServiceProcesses | undefined;
let url: string;

beforeAll(async () => {
  dir = await tempDir('pcn-draft-reading-e2e-');
  prefix = uniquePrefix('e2e');
  services = new ServiceProcesses({
    servicesDir: new URL('../../../services/', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix: prefix,
    env: { INTERNAL_SECRET: 'e2e-internal-secret-e2e-internal-secret' },
  });
  const grpc = await freePorts(1);
  const httpPort = await freePorts(1);
  const draft = services.launch('draft', {
    SQLITE_FILE: dir.file('draft.db'),
    GRPC_PORT: String(grpc),
    DOCUMENT_TYPES: 'provincial_decision=3s,law=60d',
  });
  await draft.waitForLine(/gRPC serving/);
  const gateway = services.launch('gateway', {
    SQLITE_FILE: dir.file('gateway.db'),
    HTTP_PORT: String(httpPort),
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
    DEMO_DATA: 'true',
    // Every read reaches the draft service: this file is about what it serves, not the cache.
    PUBLIC_CACHE: 'false',
    DRAFT_GRPC_ADDRESS: `127.0.0.1:${grpc}`,
  });
  await gateway.waitForLine(/gateway listening/);
  url = `http://127.0.0.1:${httpPort}/graphql`;
  nc = await connect({ servers: inject('natsUrl') });
});

afterAll(async () => {
  await nc?.close();
  await services?.stopAll();
  await dir.remove();
});

const gql = graphqlClient(() => url);

async function ok<T>(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await gql<T>(query, variables, headers);
  if (!res.data || res.errors) throw new Error(`GraphQL failed: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const signIn = (email: string) => signInHeaders(url, email);

const WRITE_FIELDS = 'id version contentVersion';
type Written = { id: string; version: number; contentVersion: number };

const vi = (text: string) => [{ lang: 'vi', text }];

function content(clause: string, hmn?: { title: string; clause: string }) {
  const both = (v: string, h: string | undefined) =>
    h === undefined ? vi(v) : [...vi(v), { lang: 'hmn', text: h }];
  return {
    title: both('Dự thảo Quyết định quy định giá dịch vụ đò ngang', hmn?.title),
    chapters: [
      {
        id: 'ch1',
        number: 'I',
        title: both('Quy định chung', hmn?.title),
        articles: [
          {
            id: 'a1',
            number: '1',
            title: both('Giá dịch vụ', hmn?.title),
            clauses: [{ id: 'a1c1', number: '1', text: both(clause, hmn?.clause) }],
          },
        ],
      },
    ],
  };
}

const DIFF = `query($id: ID!, $from: Int!, $to: Int!, $lang: String) {
  draftDiff(draftId: $id, fromVersion: $from, toVersion: $to, lang: $lang) {
    articleId change language coarse textDiff { op text }
  }
}`;
type Diff = {
  draftDiff: {
    articleId: string;
    change: string;
    language: string;
    coarse: boolean;
    textDiff: { op: string; text: string }[];
  }[];
};

describe('texts served through the gateway', () => {
  let editor: Record<string, string>;
  const partner = { 'x-api-key': DEMO_PARTNER_API_KEY };
  let consulted: Written;

  beforeAll(async () => {
    editor = await signIn('editor.stp@demo.pcn.vn');
    // Version 1: Vietnamese only. Version 2: the Vietnamese clause changes, and a Hmong
    // translation in draft says UNAPPROVED. Version 3: Hmong approved, with other words.
    const created = await ok<{ createDraft: Written }>(
      `mutation($input: CreateDraftInput!) { createDraft(input: $input) { ${WRITE_FIELDS} } }`,
      {
        input: {
          code: 'QD-READ-1',
          documentType: 'provincial_decision',
          agencyId: 'org-so-tu-phap',
          content: content('Giá là 20.000 đồng một lượt.'),
          target: { unitIds: ['lc-xa-y-ty'] },
        },
      },
      editor,
    );
    const updated = await ok<{ updateDraft: Written }>(
      `mutation($input: UpdateDraftInput!) { updateDraft(input: $input) { ${WRITE_FIELDS} } }`,
      {
        input: {
          id: created.createDraft.id,
          expectedVersion: created.createDraft.version,
          content: content('Giá là 15.000 đồng một lượt.', {
            title: 'UNAPPROVED',
            clause: 'UNAPPROVED',
          }),
        },
      },
      editor,
    );
    const approved = await ok<{ setTranslation: Written }>(
      `mutation($input: SetTranslationInput!) { setTranslation(input: $input) { ${WRITE_FIELDS} } }`,
      {
        input: {
          id: created.createDraft.id,
          expectedVersion: updated.updateDraft.version,
          lang: 'hmn',
          status: 'APPROVED',
          title: 'Daim ntawv txiav txim',
          texts: [
            { id: 'ch1', text: 'Txoj cai dav dav' },
            { id: 'a1', text: 'Tus nqi' },
            { id: 'a1c1', text: 'Tus nqi yog 15.000 daim.' },
          ],
        },
      },
      editor,
    );
    expect(approved.setTranslation.contentVersion).toBe(3);
    const now = Date.now();
    consulted = (
      await ok<{ openConsultation: Written }>(
        `mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { ${WRITE_FIELDS} } }`,
        {
          input: {
            id: created.createDraft.id,
            expectedVersion: approved.setTranslation.version,
            opensAt: new Date(now).toISOString(),
            closesAt: new Date(now + 3_600_000).toISOString(),
          },
        },
        editor,
      )
    ).openConsultation;
  });

  it('never serves an unapproved translation in draftDiff to anonymous callers or partners', async () => {
    for (const headers of [{}, partner]) {
      const res = await ok<Diff>(DIFF, { id: consulted.id, from: 1, to: 2, lang: 'hmn' }, headers);
      expect(JSON.stringify(res)).not.toContain('UNAPPROVED');
      // Served in Vietnamese instead, and says so.
      expect(res.draftDiff).toEqual([
        {
          articleId: 'a1',
          change: 'CHANGED',
          language: 'vi',
          coarse: false,
          textDiff: expect.arrayContaining([
            { op: 'DELETE', text: '20.000' },
            { op: 'INSERT', text: '15.000' },
          ]) as unknown,
        },
      ]);
      const later = await ok<Diff>(
        DIFF,
        { id: consulted.id, from: 2, to: 3, lang: 'hmn' },
        headers,
      );
      expect(JSON.stringify(later)).not.toContain('UNAPPROVED');
    }
  });

  it('serves the drafting agency its own translation in draft, and names the language', async () => {
    // Version 2 holds the translation in draft, version 3 the approved one: both readable to it.
    const res = await ok<Diff>(DIFF, { id: consulted.id, from: 2, to: 3, lang: 'hmn' }, editor);
    expect(res.draftDiff[0]?.language).toBe('hmn');
    expect(res.draftDiff[0]?.textDiff).toContainEqual({ op: 'DELETE', text: 'UNAPPROVED' });
    const version = await ok<{ draftVersion: { language: string; title: string } }>(
      'query($id: ID!) { draftVersion(draftId: $id, number: 2, lang: "hmn") { language title } }',
      { id: consulted.id },
      editor,
    );
    expect(version.draftVersion).toEqual({ language: 'hmn', title: 'UNAPPROVED' });
  });

  it('serves draftVersion of an unapproved translation in Vietnamese to the public', async () => {
    const res = await ok<{ draftVersion: { language: string; title: string } }>(
      'query($id: ID!) { draftVersion(draftId: $id, number: 2, lang: "hmn") { language title } }',
      { id: consulted.id },
    );
    expect(res.draftVersion).toEqual({
      language: 'vi',
      title: 'Dự thảo Quyết định quy định giá dịch vụ đò ngang',
    });
  });

  it('falls back from an unknown language tag and reports the language served, never an empty "no changes"', async () => {
    for (const lang of ['zz-ZZZZ-invalid', 'zz']) {
      const res = await ok<Diff>(DIFF, { id: consulted.id, from: 1, to: 2, lang });
      expect(res.draftDiff.map((c) => [c.articleId, c.language])).toEqual([['a1', 'vi']]);
      const draft = await ok<{ draft: { language: string } }>(
        'query($id: ID!, $lang: String) { draft(id: $id, lang: $lang) { language } }',
        { id: consulted.id, lang },
      );
      expect(draft.draft.language).toBe('vi');
    }
    // The same through Accept-Language: the unknown tag is skipped, the next one served.
    const res = await ok<{ draft: { language: string } }>(
      'query($id: ID!) { draft(id: $id) { language } }',
      { id: consulted.id },
      { 'accept-language': 'zz-ZZZZ-invalid, hmn;q=0.5' },
    );
    expect(res.draft.language).toBe('hmn');
  });

  it('refuses an unknown language where it is stored or filtered on, with the field path', async () => {
    const filter = await gql(
      '{ drafts(filter: { language: "zz-ZZZZ-invalid" }) { edges { node { id } } } }',
    );
    expect(filter.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ path: 'filter.language' })],
    });
    const translation = await gql(
      `mutation($input: SetTranslationInput!) { setTranslation(input: $input) { id } }`,
      {
        input: {
          id: consulted.id,
          expectedVersion: consulted.version,
          lang: 'zz-ZZZZ-invalid',
          status: 'DRAFT',
        },
      },
      editor,
    );
    expect(translation.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ path: 'input.lang' })],
    });
    const created = await gql(
      `mutation($input: CreateDraftInput!) { createDraft(input: $input) { id } }`,
      {
        input: {
          code: 'QD-READ-BAD-LANG',
          documentType: 'provincial_decision',
          agencyId: 'org-so-tu-phap',
          content: { title: [...vi('Dự thảo'), { lang: 'zz-ZZZZ-invalid', text: 'x' }] },
        },
      },
      editor,
    );
    expect(created.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ path: 'content.title.zz-ZZZZ-invalid' })],
    });
    const opened = await gql(
      `mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { id } }`,
      {
        input: {
          id: consulted.id,
          expectedVersion: consulted.version,
          opensAt: new Date().toISOString(),
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
          languages: ['vi', 'zz-ZZZZ-invalid'],
        },
      },
      editor,
    );
    expect(opened.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ path: 'input.languages[1]' })],
    });
  });

  it('refuses title searches that would match everything or cost past their bound', async () => {
    for (const q of ['!!! ... ---', 'mot hai ba bon nam', 'x'.repeat(41)]) {
      const res = await gql(
        'query($q: String) { drafts(filter: { titleQuery: $q }) { totalCount } }',
        {
          q,
        },
      );
      expect(res.errors?.[0]?.extensions, q).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ path: 'filter.titleQuery' })],
      });
    }
  });

  it('keeps a translation in draft out of lists, title search, titles and events', async () => {
    // Consulted in Vietnamese while its Hmong translation is still a draft.
    const created = await ok<{ createDraft: Written }>(
      `mutation($input: CreateDraftInput!) { createDraft(input: $input) { ${WRITE_FIELDS} } }`,
      {
        input: {
          code: 'QD-READ-2',
          documentType: 'provincial_decision',
          agencyId: 'org-so-tu-phap',
          content: content('Giá là 5.000 đồng.', { title: 'Bimaj txwv', clause: 'Bimaj' }),
          target: { unitIds: ['lc-xa-y-ty'] },
        },
      },
      editor,
    );
    const id = created.createDraft.id;
    const now = Date.now();
    await ok(
      `mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { id } }`,
      {
        input: {
          id,
          expectedVersion: created.createDraft.version,
          opensAt: new Date(now).toISOString(),
          closesAt: new Date(now + 3_600_000).toISOString(),
        },
      },
      editor,
    );
    const LIST = `query($q: String) {
      drafts(filter: { titleQuery: $q }, lang: "hmn", first: 50) {
        edges { node { id language title titles { lang text } chapters { title } } }
      }
    }`;
    type List = {
      drafts: {
        edges: {
          node: { id: string; language: string; title: string; titles: { lang: string }[] };
        }[];
      };
    };
    for (const headers of [{}, partner]) {
      const listed = await ok<List>(LIST, { q: null }, headers);
      const node = listed.drafts.edges.find((e) => e.node.id === id)?.node;
      expect(node).toMatchObject({ language: 'vi', titles: [{ lang: 'vi' }] });
      expect(JSON.stringify(listed)).not.toContain('Bimaj');
      // Search does not find words of a title nobody approved.
      const searched = await ok<List>(LIST, { q: 'bimaj' }, headers);
      expect(searched.drafts.edges).toEqual([]);
    }
    // Its agency's editor reads the translation in draft.
    const own = await ok<{ draft: { language: string; title: string } }>(
      'query($id: ID!) { draft(id: $id, lang: "hmn") { language title } }',
      { id },
      editor,
    );
    expect(own.draft).toEqual({ language: 'hmn', title: 'Bimaj txwv' });
    // Events carry published titles only: they reach subscribers and live streams.
    const jsm = await jetstreamManager(nc);
    const stream = new BusNames(prefix).stream('draft');
    await waitFor(
      async () =>
        (await readStream(jsm, stream))
          .map((m) => m.json<{ subject: string; type: string }>())
          .some((e) => e.subject === id && e.type.endsWith('ConsultationOpened')),
      { description: 'ConsultationOpened published' },
    );
    const titles = (await readStream(jsm, stream))
      .map((m) => m.json<{ subject: string; data: { title: Record<string, string> } }>())
      .filter((e) => e.subject === id)
      .map((e) => e.data.title);
    expect(titles.length).toBeGreaterThanOrEqual(2);
    for (const title of titles) expect(Object.keys(title)).toEqual(['vi']);
  });
});
