import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { draft as pb } from '@pcn/contracts';
import { BusNames } from '@pcn/events';
import {
  callUnary,
  ConflictError,
  createGrpcClient,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  runInContext,
  UnauthenticatedError,
  type CallerIdentity,
} from '@pcn/platform';
import { readStream, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { article, chapter } from './app/draft.fixtures.js';
import { loadDraftConfig } from './config.js';
import { startDraftService, type DraftService } from './draft-service.js';

const editor: CallerIdentity = {
  kind: 'user',
  id: 'user-stp',
  roles: ['agency_editor'],
  organizationId: 'org-stp',
};
const otherEditor: CallerIdentity = {
  kind: 'user',
  id: 'user-syt',
  roles: ['agency_editor'],
  organizationId: 'org-syt',
};
const admin: CallerIdentity = { kind: 'user', id: 'admin-1', roles: ['network_admin'] };
const press: CallerIdentity = {
  kind: 'user',
  id: 'press-1',
  roles: ['press_partner'],
  organizationId: 'org-baolaocai',
};

let dir: TempDir;
let prefix: string;
let names: BusNames;
const services: DraftService[] = [];
let client: pb.DraftServiceClient;
let nc: NatsConnection;

function config(replica: string) {
  return loadDraftConfig({
    // Not production, which refuses to start without INTERNAL_SECRET (issue #8).
    NODE_ENV: 'test',
    NATS_URL: inject('natsUrl'),
    BUS_PREFIX: prefix,
    SQLITE_FILE: dir.file('draft.db'),
    GRPC_PORT: '0',
    LOG_LEVEL: 'silent',
    REPLICA_ID: replica,
    DOCUMENT_TYPES: 'provincial_decision=2s,law=60d',
    CLOSING_SOON_LEAD: '3s',
    SCHEDULER_INTERVAL_MS: '100',
  });
}

beforeAll(async () => {
  dir = await tempDir();
  prefix = uniquePrefix('draft');
  names = new BusNames(prefix);
  // Two replicas on one store, as in production: both run the scheduler.
  services.push(await startDraftService(config('replica-a'), { handleSignals: false }));
  services.push(await startDraftService(config('replica-b'), { handleSignals: false }));
  client = createGrpcClient(pb.DraftServiceClient, `127.0.0.1:${services[0]?.port}`, {
    audience: 'draft',
  });
  nc = await connect({ servers: inject('natsUrl') });
});

afterAll(async () => {
  client.close();
  await nc.close();
  for (const s of services) await s.host.lifecycle.shutdown('test done');
  await dir.remove();
});

function as<T>(caller: CallerIdentity | undefined, fn: () => Promise<T>): Promise<T> {
  return runInContext(caller ? { correlationId: 'test', caller } : { correlationId: 'test' }, fn);
}

const content = (
  title = 'Dự thảo Quyết định quy định giá dịch vụ sử dụng đò',
): pb.DraftContent => ({
  title: { vi: title, hmn: 'Daim ntawv txiav txim' },
  summary: { vi: 'Quy định giá dịch vụ đò ngang trên địa bàn tỉnh' },
  chapters: [
    chapter([
      article('1', 'Phạm vi', 'Giá là 20.000 đồng.'),
      article('2', 'Đối tượng', 'Người dân.'),
    ]),
  ],
});

const hmn: pb.DraftContent = {
  title: { hmn: 'Daim ntawv txiav txim txog tus nqi nkoj' },
  summary: { hmn: 'Txoj cai tus nqi' },
  chapters: [
    chapter(
      [
        article('1', 'Ciam teb', 'Tus nqi yog 20.000.', 'hmn'),
        article('2', 'Cov neeg', 'Cov pej xeem.', 'hmn'),
      ],
      'Txoj cai dav dav',
      'hmn',
    ),
  ],
};

function create(
  code: string,
  caller: CallerIdentity = editor,
  overrides: Partial<pb.CreateDraftRequest> = {},
) {
  return as(caller, () =>
    callUnary(client.createDraft.bind(client), {
      code,
      documentType: 'provincial_decision',
      agencyId: 'org-stp',
      content: content(),
      policyAreas: ['transport'],
      target: {
        unitIds: ['unit-bat-xat', 'unit-sa-pa'],
        ethnicGroups: ['mong'],
        audienceGroups: ['border_residents'],
      },
      spokespersonId: 'sp-1',
      publicDisclosure: true,
      attachments: [],
      ...overrides,
    }),
  );
}

async function eventTypes(draftId: string): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  return (await readStream(jsm, names.stream('draft')))
    .map((m) => m.json<{ type: string; subject: string }>())
    .filter((e) => e.subject === draftId)
    .map((e) => e.type.replace('pcn.draft.v1.', ''));
}

describe('the draft service over gRPC', () => {
  it('runs a consultation end to end: create, translate, approve, open, then closes by itself once, with two replicas', async () => {
    const { draft: created } = await create('QD-E2E-1');
    expect(created?.status).toBe(pb.DraftStatus.DRAFT_STATUS_DRAFTING);
    expect(created?.translations).toEqual({
      vi: pb.TranslationStatus.TRANSLATION_STATUS_APPROVED,
      hmn: pb.TranslationStatus.TRANSLATION_STATUS_DRAFT,
    });
    const id = created?.id ?? '';

    const translated = await as(editor, () =>
      callUnary(client.setTranslation.bind(client), {
        id,
        expectedVersion: created?.version ?? 0,
        language: 'hmn',
        content: hmn,
        status: pb.TranslationStatus.TRANSLATION_STATUS_APPROVED,
      }),
    );
    expect(translated.draft?.contentVersion).toBe(2);

    const now = Date.now();
    const opened = await as(editor, () =>
      callUnary(client.openConsultation.bind(client), {
        id,
        expectedVersion: translated.draft?.version ?? 0,
        opensAt: new Date(now),
        closesAt: new Date(now + 6000),
        languages: [],
      }),
    );
    expect(opened.draft?.status).toBe(pb.DraftStatus.DRAFT_STATUS_IN_CONSULTATION);
    expect(opened.draft?.consultation?.languages).toEqual(['vi', 'hmn']);

    // Anyone can read it now, in either language.
    const seen = await as(undefined, () => callUnary(client.getDraft.bind(client), { id }));
    expect(seen.draft?.content?.title.hmn).toBe('Daim ntawv txiav txim txog tus nqi nkoj');

    await waitFor(
      async () =>
        (await callUnary(client.getDraft.bind(client), { id })).draft?.status ===
        pb.DraftStatus.DRAFT_STATUS_CONSULTATION_CLOSED,
      { timeoutMs: 15_000, description: 'the consultation closed by its schedule' },
    );
    await waitFor(async () => (await eventTypes(id)).includes('ConsultationClosed'), {
      description: 'ConsultationClosed published',
    });
    expect(await eventTypes(id)).toEqual([
      'DraftCreated',
      'DraftUpdated',
      'ConsultationOpened',
      'ConsultationClosingSoon',
      'ConsultationClosed',
    ]);
    const closed = await callUnary(client.getDraft.bind(client), { id });
    expect(closed.draft?.consultation?.closedBy).toBe('schedule');

    const audit = await as(editor, () =>
      callUnary(client.listDraftAudit.bind(client), { draftId: id, pageSize: 50, pageToken: '' }),
    );
    expect(audit.entries.map((e) => [e.action, e.actorId])).toEqual([
      ['create', 'user-stp'],
      ['setTranslation', 'user-stp'],
      ['openConsultation', 'user-stp'],
      ['schedule', 'scheduler'],
      ['schedule', 'scheduler'],
    ]);
  });

  it('revises after consultation and diffs any two versions per article', async () => {
    const { draft } = await create('QD-REV-1');
    const id = draft?.id ?? '';
    let version = draft?.version ?? 0;
    const now = Date.now();
    version =
      (
        await as(editor, () =>
          callUnary(client.openConsultation.bind(client), {
            id,
            expectedVersion: version,
            opensAt: new Date(now),
            // Far beyond CLOSING_SOON_LEAD: the scheduler must not touch the draft between these calls.
            closesAt: new Date(now + 3_600_000),
            languages: [],
          }),
        )
      ).draft?.version ?? 0;
    version =
      (
        await as(editor, () =>
          callUnary(client.closeConsultation.bind(client), { id, expectedVersion: version }),
        )
      ).draft?.version ?? 0;
    const revisedContent = content();
    const clause = revisedContent.chapters[0]?.articles[0]?.clauses[0];
    if (clause) clause.text = { vi: 'Giá là 15.000 đồng; miễn cho hộ nghèo.' };
    revisedContent.chapters[0]?.articles.push({
      id: 'a3',
      number: '3',
      title: { vi: 'Hiệu lực' },
      clauses: [],
    });
    const revised = await as(editor, () =>
      callUnary(client.reviseDraft.bind(client), {
        id,
        expectedVersion: version,
        content: revisedContent,
        note: 'Theo ý kiến nhân dân',
      }),
    );
    expect(revised.draft?.status).toBe(pb.DraftStatus.DRAFT_STATUS_REVISED);
    const diff = await as(editor, () =>
      callUnary(client.diffDraftVersions.bind(client), {
        draftId: id,
        fromVersion: 1,
        toVersion: revised.draft?.contentVersion ?? 0,
        language: 'vi',
        languages: [],
      }),
    );
    expect(diff.changes.map((c) => [c.articleId, c.change])).toEqual([
      ['a1', 'changed'],
      ['a3', 'added'],
    ]);
    expect(diff.changes[0]?.textDiff).toContainEqual({ op: 'insert', text: '15.000' });
    const v1 = await as(editor, () =>
      callUnary(client.getDraftVersion.bind(client), { draftId: id, number: 1 }),
    );
    expect(v1.version?.content?.chapters[0]?.articles).toHaveLength(2);
    await waitFor(async () => (await eventTypes(id)).includes('DraftRevised'));
  });

  it('tells consumers the consulted articles, the extended window and the revised articles in its events', async () => {
    const { draft } = await create('QD-ART-1');
    const id = draft?.id ?? '';
    const now = Date.now();
    let version =
      (
        await as(editor, () =>
          callUnary(client.openConsultation.bind(client), {
            id,
            expectedVersion: draft?.version ?? 0,
            opensAt: new Date(now),
            closesAt: new Date(now + 3_600_000),
            languages: [],
          }),
        )
      ).draft?.version ?? 0;
    const closesAt = new Date(now + 7_200_000);
    version =
      (
        await as(editor, () =>
          callUnary(client.extendConsultation.bind(client), {
            id,
            expectedVersion: version,
            closesAt,
            reason: 'Thêm thời gian cho các xã vùng cao',
          }),
        )
      ).draft?.version ?? 0;
    version =
      (
        await as(editor, () =>
          callUnary(client.closeConsultation.bind(client), { id, expectedVersion: version }),
        )
      ).draft?.version ?? 0;
    const revisedContent = content();
    revisedContent.chapters[0]?.articles.push({
      id: 'a3',
      number: '3',
      title: { vi: 'Hiệu lực', hmn: 'Tsis tau pom zoo' },
      clauses: [{ id: 'a3c1', number: '1', text: { vi: 'Có hiệu lực từ ngày ký.' } }],
    });
    await as(editor, () =>
      callUnary(client.reviseDraft.bind(client), {
        id,
        expectedVersion: version,
        content: revisedContent,
        note: 'Theo ý kiến nhân dân',
      }),
    );
    await waitFor(async () => (await eventTypes(id)).includes('DraftRevised'));
    const jsm = await jetstreamManager(nc);
    const events = (await readStream(jsm, names.stream('draft')))
      .map((m) => m.json<{ type: string; subject: string; data: Record<string, unknown> }>())
      .filter((e) => e.subject === id);
    const data = (type: string) => events.find((e) => e.type === `pcn.draft.v1.${type}`)?.data;
    // The hmn translation is not approved: headings carry the published languages only. The
    // Vietnamese texts travel too, for the synthesis report's article changes.
    expect(data('ConsultationOpened')?.articles).toEqual([
      {
        id: 'a1',
        number: '1',
        heading: { vi: 'Phạm vi' },
        clauseIds: ['a1c1'],
        text: '1. Phạm vi\n1. Giá là 20.000 đồng.',
      },
      {
        id: 'a2',
        number: '2',
        heading: { vi: 'Đối tượng' },
        clauseIds: ['a2c1'],
        text: '2. Đối tượng\n1. Người dân.',
      },
    ]);
    expect(data('DraftUpdated')).toMatchObject({
      changedFields: ['consultation.closesAt'],
      closesAt: closesAt.toISOString(),
    });
    expect(data('DraftRevised')).toMatchObject({
      changedArticleIds: ['a3'],
      articles: [
        { id: 'a1' },
        { id: 'a2' },
        { id: 'a3', number: '3', heading: { vi: 'Hiệu lực' }, clauseIds: ['a3c1'] },
      ],
    });
    // A revision carries the texts of what it changed only: the rest went out when it opened.
    const revisedArticles = data('DraftRevised')?.articles as { id: string; text?: string }[];
    expect(revisedArticles.map((a) => [a.id, a.text !== undefined])).toEqual([
      ['a1', false],
      ['a2', false],
      ['a3', true],
    ]);
    // A draft never consulted on says nothing about a window.
    const created = events.find((e) => e.type === 'pcn.draft.v1.DraftCreated')?.data;
    expect(created).not.toHaveProperty('closesAt');
  });

  it('refuses bad input with a coded error, and writes nothing', async () => {
    const before = (
      await as(admin, () =>
        callUnary(client.listDrafts.bind(client), {
          statuses: [],
          agencyId: '',
          unitIds: [],
          language: '',
          documentType: '',
          titleQuery: '',
          sort: 0,
          descending: false,
          pageSize: 100,
          pageToken: '',
          skipTotalCount: false,
          view: pb.DraftListView.DRAFT_LIST_VIEW_UNSPECIFIED,
          readMask: undefined,
          skipCursors: false,
        }),
      )
    ).totalCount;
    const oversized = create('QD-BAD-1', editor, { content: content('x'.repeat(501)) });
    await expect(oversized).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(oversized).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'content.title.vi' })],
    });
    const badTag = content();
    badTag.title['not a tag!'] = 'x';
    await expect(create('QD-BAD-2', editor, { content: badTag })).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'content.title.not a tag!' })],
    });
    await expect(create('bad code with spaces')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(create('QD-BAD-3', editor, { documentType: 'memo' })).rejects.toMatchObject({
      violations: [expect.objectContaining({ field: 'documentType' })],
    });
    const after = (
      await as(admin, () =>
        callUnary(client.listDrafts.bind(client), {
          statuses: [],
          agencyId: '',
          unitIds: [],
          language: '',
          documentType: '',
          titleQuery: '',
          sort: 0,
          descending: false,
          pageSize: 100,
          pageToken: '',
          skipTotalCount: false,
          view: pb.DraftListView.DRAFT_LIST_VIEW_UNSPECIFIED,
          readMask: undefined,
          skipCursors: false,
        }),
      )
    ).totalCount;
    expect(after).toBe(before);
  });

  it('enforces versions, transitions, roles and scope', async () => {
    const { draft } = await create('QD-AUTH-1');
    const id = draft?.id ?? '';
    await expect(create('QD-AUTH-1')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    // A stale version.
    await expect(
      as(editor, () =>
        callUnary(client.closeConsultation.bind(client), { id, expectedVersion: 99 }),
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    // A forbidden transition names its rule.
    await expect(
      as(editor, () =>
        callUnary(client.closeConsultation.bind(client), {
          id,
          expectedVersion: draft?.version ?? 0,
        }),
      ),
    ).rejects.toSatisfy(
      (e) =>
        e instanceof FailedPreconditionError &&
        e.reason === 'TRANSITION_NOT_ALLOWED' &&
        e.message.includes('drafting'),
    );
    // An approval of an incomplete translation.
    await expect(
      as(editor, () =>
        callUnary(client.setTranslation.bind(client), {
          id,
          expectedVersion: draft?.version ?? 0,
          language: 'ium',
          content: { title: { ium: 'x' }, summary: {}, chapters: [] },
          status: pb.TranslationStatus.TRANSLATION_STATUS_APPROVED,
        }),
      ),
    ).rejects.toSatisfy(
      (e) => e instanceof FailedPreconditionError && e.reason === 'TRANSLATION_INCOMPLETE',
    );
    // Roles and scope.
    await expect(
      as(undefined, () =>
        callUnary(client.createDraft.bind(client), {
          code: 'QD-AUTH-2',
          documentType: 'provincial_decision',
          agencyId: 'org-stp',
          content: content(),
          policyAreas: [],
          target: undefined,
          spokespersonId: '',
          publicDisclosure: true,
          attachments: [],
        }),
      ),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(create('QD-AUTH-3', otherEditor)).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(create('QD-AUTH-4', press)).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(
      as(otherEditor, () =>
        callUnary(client.updateDraft.bind(client), {
          id,
          expectedVersion: draft?.version ?? 0,
          target: undefined,
          replaceTarget: false,
          policyAreas: ['x'],
          replacePolicyAreas: true,
          attachments: [],
          replaceAttachments: false,
          note: '',
        }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    // Another agency's editor cannot even see a draft in internal drafting: not found, not forbidden.
    // A draft still in internal drafting is invisible to the public.
    await expect(
      as(undefined, () => callUnary(client.getDraft.bind(client), { id })),
    ).rejects.toBeInstanceOf(NotFoundError);
    const own = await as(editor, () => callUnary(client.getDraft.bind(client), { id }));
    expect(own.draft?.version).toBe(draft?.version);
  });

  it('lists with filters, search without diacritics, sort and pages', async () => {
    for (let i = 0; i < 7; i++) {
      const { draft } = await create(`QD-LIST-${i}`, editor, {
        content: content(
          i % 2 === 0 ? `Quy định phí thủy lợi số ${i}` : `Quy định giá nước sạch số ${i}`,
        ),
        target: {
          unitIds: [i < 3 ? 'unit-muong-khuong' : 'unit-bac-ha'],
          ethnicGroups: [],
          audienceGroups: [],
        },
      });
      const now = Date.now();
      await as(editor, () =>
        callUnary(client.openConsultation.bind(client), {
          id: draft?.id ?? '',
          expectedVersion: draft?.version ?? 0,
          opensAt: new Date(now),
          closesAt: new Date(now + 3_600_000),
          languages: [],
        }),
      );
    }
    const list = (req: Partial<pb.ListDraftsRequest>) =>
      as(undefined, () =>
        callUnary(client.listDrafts.bind(client), {
          statuses: [],
          agencyId: '',
          unitIds: [],
          language: '',
          documentType: '',
          titleQuery: '',
          sort: 0,
          descending: false,
          pageSize: 20,
          pageToken: '',
          skipTotalCount: false,
          view: pb.DraftListView.DRAFT_LIST_VIEW_UNSPECIFIED,
          readMask: undefined,
          skipCursors: false,
          ...req,
        }),
      );
    const thuyLoi = await list({
      titleQuery: 'thuy loi',
      statuses: [pb.DraftStatus.DRAFT_STATUS_IN_CONSULTATION],
    });
    expect(thuyLoi.drafts.map((d) => d.code).sort()).toEqual([
      'QD-LIST-0',
      'QD-LIST-2',
      'QD-LIST-4',
      'QD-LIST-6',
    ]);
    expect(thuyLoi.totalCount).toBe(4);
    const muongKhuong = await list({
      unitIds: ['unit-muong-khuong'],
      sort: pb.DraftSortField.DRAFT_SORT_FIELD_CODE,
    });
    expect(muongKhuong.drafts.map((d) => d.code)).toEqual(['QD-LIST-0', 'QD-LIST-1', 'QD-LIST-2']);
    const seen: string[] = [];
    let token = '';
    do {
      const page = await list({
        titleQuery: 'quy dinh so',
        sort: pb.DraftSortField.DRAFT_SORT_FIELD_CODE,
        pageSize: 3,
        pageToken: token,
      });
      seen.push(...page.drafts.map((d) => d.code));
      token = page.nextPageToken;
    } while (token);
    expect(seen).toEqual([
      'QD-LIST-0',
      'QD-LIST-1',
      'QD-LIST-2',
      'QD-LIST-3',
      'QD-LIST-4',
      'QD-LIST-5',
      'QD-LIST-6',
    ]);
    await expect(list({ pageSize: 1000 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(list({ pageToken: 'forged' })).rejects.toBeInstanceOf(InvalidArgumentError);

    // A read mask (AIP-157) fills the fields it names and leaves the others at their defaults.
    const full = await list({ sort: pb.DraftSortField.DRAFT_SORT_FIELD_CODE, pageSize: 2 });
    const masked = await list({
      sort: pb.DraftSortField.DRAFT_SORT_FIELD_CODE,
      pageSize: 2,
      readMask: ['id', 'status', 'content.title', 'readable_languages'],
      skipCursors: true,
    });
    expect(masked.drafts).toEqual(
      full.drafts.map((d) => ({
        ...pb.Draft.fromPartial({}),
        id: d.id,
        status: d.status,
        content: { title: d.content?.title, summary: {}, chapters: [] },
        readableLanguages: d.readableLanguages,
      })),
    );
    expect(full.drafts[0]?.code).toMatch(/^QD-/);
    expect(full.drafts[0]?.createdAt).toBeInstanceOf(Date);
    expect(full.cursors).toHaveLength(2);
    expect(masked.cursors).toEqual([]);
    expect(masked.nextPageToken).toBe(full.nextPageToken);
    // An empty mask is the whole draft.
    expect(
      (await list({ sort: pb.DraftSortField.DRAFT_SORT_FIELD_CODE, pageSize: 2, readMask: [] }))
        .drafts,
    ).toEqual(full.drafts);
    const unknown = await list({ readMask: ['id', 'secret_field'] }).catch((err: unknown) => err);
    expect(unknown).toBeInstanceOf(InvalidArgumentError);
    const violations = (unknown as InvalidArgumentError).violations;
    expect(violations.map((v) => v.field)).toEqual(['read_mask']);
    expect(violations[0]?.description).toContain('secret_field');
  });
});
