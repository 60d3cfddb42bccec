import { draft as pb } from '@pcn/contracts';
import { InvalidArgumentError, type GrpcServer } from '@pcn/platform';
import type { ArticleChange } from '../app/article-diff.js';
import type {
  AuditEntry,
  Consultation,
  DraftStatus,
  DraftVersion,
  TranslationStatus,
} from '../app/draft.model.js';
import type { DraftSort } from '../app/draft.ports.js';
import type { DraftUseCases } from '../app/draft.usecases.js';
import type { Served, ServedDraft } from '../app/readable-text.js';

const STATUS_TO_PB: Record<DraftStatus, pb.DraftStatus> = {
  drafting: pb.DraftStatus.DRAFT_STATUS_DRAFTING,
  consultation_scheduled: pb.DraftStatus.DRAFT_STATUS_CONSULTATION_SCHEDULED,
  in_consultation: pb.DraftStatus.DRAFT_STATUS_IN_CONSULTATION,
  consultation_closed: pb.DraftStatus.DRAFT_STATUS_CONSULTATION_CLOSED,
  revised: pb.DraftStatus.DRAFT_STATUS_REVISED,
  promulgated: pb.DraftStatus.DRAFT_STATUS_PROMULGATED,
  amended: pb.DraftStatus.DRAFT_STATUS_AMENDED,
  repealed: pb.DraftStatus.DRAFT_STATUS_REPEALED,
};
const STATUS_FROM_PB = new Map(Object.entries(STATUS_TO_PB).map(([k, v]) => [v, k as DraftStatus]));

const TRANSLATION_TO_PB: Record<TranslationStatus, pb.TranslationStatus> = {
  missing: pb.TranslationStatus.TRANSLATION_STATUS_MISSING,
  draft: pb.TranslationStatus.TRANSLATION_STATUS_DRAFT,
  approved: pb.TranslationStatus.TRANSLATION_STATUS_APPROVED,
};
const TRANSLATION_FROM_PB = new Map(
  Object.entries(TRANSLATION_TO_PB).map(([k, v]) => [v, k as TranslationStatus]),
);

const SORT_FROM_PB: Partial<Record<pb.DraftSortField, DraftSort>> = {
  [pb.DraftSortField.DRAFT_SORT_FIELD_UPDATED_AT]: 'updatedAt',
  [pb.DraftSortField.DRAFT_SORT_FIELD_CREATED_AT]: 'createdAt',
  [pb.DraftSortField.DRAFT_SORT_FIELD_CLOSES_AT]: 'closesAt',
  [pb.DraftSortField.DRAFT_SORT_FIELD_CODE]: 'code',
};

const date = (iso: string | null | undefined): Date | undefined =>
  iso ? new Date(iso) : undefined;

function time(field: string, value: Date | undefined): string {
  if (!value || Number.isNaN(value.getTime()))
    throw new InvalidArgumentError([{ field, description: 'is required: a timestamp' }]);
  return value.toISOString();
}

function consultationToPb(c: Consultation): pb.Consultation {
  return {
    round: c.round,
    opensAt: date(c.opensAt),
    closesAt: date(c.closesAt),
    languages: c.languages,
    openedAt: date(c.openedAt),
    closedAt: date(c.closedAt),
    closedBy: c.closedBy ?? '',
    extensions: c.extensions.map((e) => ({
      previousClosesAt: date(e.previousClosesAt),
      closesAt: date(e.closesAt),
      reason: e.reason,
      by: e.by,
      at: date(e.at),
    })),
  };
}

function translationsToPb(
  t: Record<string, TranslationStatus>,
): Record<string, pb.TranslationStatus> {
  return Object.fromEntries(Object.entries(t).map(([l, s]) => [l, TRANSLATION_TO_PB[s]]));
}

/** How each Draft field a read mask may name (AIP-157) is filled, in proto field order. */
const DRAFT_FIELDS: Readonly<Record<string, (d: ServedDraft, out: pb.Draft) => void>> = {
  id: (d, out) => (out.id = d.id),
  version: (d, out) => (out.version = d.version),
  code: (d, out) => (out.code = d.code),
  document_type: (d, out) => (out.documentType = d.documentType),
  agency_id: (d, out) => (out.agencyId = d.agencyId),
  status: (d, out) => (out.status = STATUS_TO_PB[d.status]),
  content: (d, out) => (out.content = d.content),
  'content.title': (d, out) => (contentOf(out).title = d.content.title),
  'content.summary': (d, out) => (contentOf(out).summary = d.content.summary),
  'content.chapters': (d, out) => (contentOf(out).chapters = d.content.chapters),
  translations: (d, out) => (out.translations = translationsToPb(d.translations)),
  content_version: (d, out) => (out.contentVersion = d.contentVersion),
  policy_areas: (d, out) => (out.policyAreas = d.policyAreas),
  target: (d, out) => (out.target = d.target),
  spokesperson_id: (d, out) => (out.spokespersonId = d.spokespersonId ?? ''),
  public_disclosure: (d, out) => (out.publicDisclosure = d.publicDisclosure),
  attachments: (d, out) =>
    (out.attachments = d.attachments.map((a) => ({ ...a, sizeBytes: String(a.sizeBytes) }))),
  consultation: (d, out) =>
    (out.consultation = d.consultation ? consultationToPb(d.consultation) : undefined),
  past_consultations: (d, out) =>
    (out.pastConsultations = d.pastConsultations.map(consultationToPb)),
  promulgation: (d, out) => (out.promulgation = d.promulgation ?? undefined),
  amended_by_draft_id: (d, out) => (out.amendedByDraftId = d.amendedByDraftId ?? ''),
  repealed_by_draft_id: (d, out) => (out.repealedByDraftId = d.repealedByDraftId ?? ''),
  created_at: (d, out) => (out.createdAt = date(d.createdAt)),
  updated_at: (d, out) => (out.updatedAt = date(d.updatedAt)),
  readable_languages: (d, out) => (out.readableLanguages = d.readableLanguages),
};
const WHOLE_DRAFT = Object.keys(DRAFT_FIELDS).filter((path) => !path.startsWith('content.'));

function contentOf(out: pb.Draft): pb.DraftContent {
  return (out.content ??= { title: {}, summary: {}, chapters: [] });
}

/** Every field of a draft, as the gRPC answer carries it. */
export function draftToPb(d: ServedDraft): pb.Draft {
  return maskedDraftToPb(d, WHOLE_DRAFT);
}

/** Only the fields named by a checked read mask; the others keep their proto defaults. */
function maskedDraftToPb(d: ServedDraft, paths: readonly string[]): pb.Draft {
  const out = pb.Draft.fromPartial({});
  for (const path of paths) DRAFT_FIELDS[path]?.(d, out);
  return out;
}

/** The read mask's paths, checked; every field when it names none. */
function readMaskPaths(mask: readonly string[] | undefined): readonly string[] {
  if (!mask || mask.length === 0) return WHOLE_DRAFT;
  const unknown = mask.filter((path) => !Object.hasOwn(DRAFT_FIELDS, path));
  if (unknown.length > 0)
    throw new InvalidArgumentError([
      {
        field: 'read_mask',
        description:
          `names no Draft field: ${unknown.slice(0, 5).join(', ').slice(0, 200)}; ` +
          `use top-level field names, or content.title, content.summary, content.chapters`,
      },
    ]);
  return [...new Set(mask)];
}

function versionToPb(v: Served<DraftVersion>): pb.DraftVersion {
  return {
    draftId: v.draftId,
    number: v.number,
    content: v.content,
    translations: translationsToPb(v.translations),
    note: v.note,
    createdAt: date(v.createdAt),
    createdBy: v.createdBy,
    readableLanguages: v.readableLanguages,
  };
}

function auditToPb(a: AuditEntry): pb.AuditEntry {
  return {
    id: a.id,
    at: date(a.at),
    actorKind: a.actor.kind,
    actorId: a.actor.id,
    action: a.action,
    changes: a.changes,
    toVersion: a.toVersion,
  };
}

function changeToPb(c: ArticleChange): pb.ArticleChange {
  return {
    articleId: c.articleId,
    number: c.number,
    chapterId: c.chapterId,
    change: c.change,
    textDiff: c.textDiff,
    coarse: c.coarse,
  };
}

function attachmentsFromPb(list: pb.Attachment[]) {
  return list.map((a) => ({ ...a, sizeBytes: Number(a.sizeBytes) }));
}

/** Registers `pcn.draft.v1.DraftService`: proto in, use case, proto out. */
export function registerDraftGrpc(server: GrpcServer, drafts: DraftUseCases): void {
  const caller = (ctx: { caller?: Parameters<DraftUseCases['getDraft']>[0] }) => ctx.caller;
  const one = (d: ServedDraft) => ({ draft: draftToPb(d) });

  const impl: pb.DraftServiceServer = {
    createDraft: server.unary('CreateDraft', async (req: pb.CreateDraftRequest, ctx) =>
      one(
        await drafts.createDraft(caller(ctx), {
          code: req.code,
          documentType: req.documentType,
          agencyId: req.agencyId,
          content: req.content,
          policyAreas: req.policyAreas,
          target: req.target,
          spokespersonId: req.spokespersonId || null,
          publicDisclosure: req.publicDisclosure,
          attachments: attachmentsFromPb(req.attachments),
        }),
      ),
    ),
    updateDraft: server.unary('UpdateDraft', async (req: pb.UpdateDraftRequest, ctx) =>
      one(
        await drafts.updateDraft(caller(ctx), {
          id: req.id,
          expectedVersion: req.expectedVersion,
          content: req.content,
          documentType: req.documentType,
          target: req.replaceTarget ? (req.target ?? {}) : undefined,
          policyAreas: req.replacePolicyAreas ? req.policyAreas : undefined,
          spokespersonId: req.spokespersonId === undefined ? undefined : req.spokespersonId || null,
          publicDisclosure: req.publicDisclosure,
          attachments: req.replaceAttachments ? attachmentsFromPb(req.attachments) : undefined,
          note: req.note,
        }),
      ),
    ),
    setTranslation: server.unary('SetTranslation', async (req: pb.SetTranslationRequest, ctx) => {
      const status = TRANSLATION_FROM_PB.get(req.status);
      if (!status)
        throw new InvalidArgumentError([
          { field: 'status', description: 'must be MISSING, DRAFT or APPROVED' },
        ]);
      return one(
        await drafts.setTranslation(caller(ctx), {
          id: req.id,
          expectedVersion: req.expectedVersion,
          language: req.language,
          content: req.content,
          status,
        }),
      );
    }),
    openConsultation: server.unary(
      'OpenConsultation',
      async (req: pb.OpenConsultationRequest, ctx) =>
        one(
          await drafts.openConsultation(caller(ctx), {
            id: req.id,
            expectedVersion: req.expectedVersion,
            opensAt: time('opensAt', req.opensAt),
            closesAt: time('closesAt', req.closesAt),
            languages: req.languages,
          }),
        ),
    ),
    extendConsultation: server.unary(
      'ExtendConsultation',
      async (req: pb.ExtendConsultationRequest, ctx) =>
        one(
          await drafts.extendConsultation(caller(ctx), {
            id: req.id,
            expectedVersion: req.expectedVersion,
            closesAt: time('closesAt', req.closesAt),
            reason: req.reason,
          }),
        ),
    ),
    closeConsultation: server.unary(
      'CloseConsultation',
      async (req: pb.CloseConsultationRequest, ctx) =>
        one(
          await drafts.closeConsultation(caller(ctx), {
            id: req.id,
            expectedVersion: req.expectedVersion,
          }),
        ),
    ),
    reviseDraft: server.unary('ReviseDraft', async (req: pb.ReviseDraftRequest, ctx) =>
      one(
        await drafts.reviseDraft(caller(ctx), {
          id: req.id,
          expectedVersion: req.expectedVersion,
          content: req.content,
          note: req.note,
        }),
      ),
    ),
    promulgateDraft: server.unary('PromulgateDraft', async (req: pb.PromulgateDraftRequest, ctx) =>
      one(
        await drafts.promulgateDraft(caller(ctx), {
          id: req.id,
          expectedVersion: req.expectedVersion,
          documentNumber: req.documentNumber,
          signedOn: req.signedOn,
          effectiveOn: req.effectiveOn,
        }),
      ),
    ),
    amendDraft: server.unary('AmendDraft', async (req: pb.AmendDraftRequest, ctx) =>
      one(
        await drafts.supersedeDraft(caller(ctx), 'amend', {
          id: req.id,
          expectedVersion: req.expectedVersion,
          byDraftId: req.amendedByDraftId,
        }),
      ),
    ),
    repealDraft: server.unary('RepealDraft', async (req: pb.RepealDraftRequest, ctx) =>
      one(
        await drafts.supersedeDraft(caller(ctx), 'repeal', {
          id: req.id,
          expectedVersion: req.expectedVersion,
          byDraftId: req.repealedByDraftId,
        }),
      ),
    ),
    getDraft: server.unary('GetDraft', async (req: pb.GetDraftRequest, ctx) =>
      one(await drafts.getDraft(caller(ctx), req.id)),
    ),
    batchGetDrafts: server.unary('BatchGetDrafts', async (req: pb.BatchGetDraftsRequest, ctx) => ({
      drafts: (await drafts.getDrafts(caller(ctx), req.ids)).map(draftToPb),
    })),
    getDraftVersion: server.unary(
      'GetDraftVersion',
      async (req: pb.GetDraftVersionRequest, ctx) => ({
        version: versionToPb(await drafts.getVersion(caller(ctx), req.draftId, req.number)),
      }),
    ),
    diffDraftVersions: server.unary(
      'DiffDraftVersions',
      async (req: pb.DiffDraftVersionsRequest, ctx) => {
        const { language, changes } = await drafts.diffVersions(caller(ctx), {
          draftId: req.draftId,
          fromVersion: req.fromVersion,
          toVersion: req.toVersion,
          languages: req.languages.length > 0 ? req.languages : req.language ? [req.language] : [],
        });
        return { language, changes: changes.map(changeToPb) };
      },
    ),
    listDrafts: server.unary('ListDrafts', async (req: pb.ListDraftsRequest, ctx) => {
      const statuses = req.statuses.map((s) => {
        const status = STATUS_FROM_PB.get(s);
        if (!status)
          throw new InvalidArgumentError([
            { field: 'statuses', description: `unknown status ${s}` },
          ]);
        return status;
      });
      const paths = readMaskPaths(req.readMask);
      const page = await drafts.listDrafts(caller(ctx), {
        statuses,
        agencyId: req.agencyId || undefined,
        unitIds: req.unitIds,
        language: req.language || undefined,
        documentType: req.documentType || undefined,
        titleQuery: req.titleQuery || undefined,
        sort: SORT_FROM_PB[req.sort],
        descending: req.descending,
        pageSize: req.pageSize || undefined,
        after: req.pageToken || null,
        withTotal: !req.skipTotalCount,
        withCursors: !req.skipCursors,
        view: req.view === pb.DraftListView.DRAFT_LIST_VIEW_SUMMARY ? 'summary' : 'full',
      });
      return {
        drafts: page.items.map((d) => maskedDraftToPb(d, paths)),
        nextPageToken: page.nextCursor ?? '',
        totalCount: page.totalCount ?? 0,
        cursors: page.cursors,
      };
    }),
    listDraftAudit: server.unary('ListDraftAudit', async (req: pb.ListDraftAuditRequest, ctx) => {
      const page = await drafts.listAudit(caller(ctx), {
        draftId: req.draftId,
        pageSize: req.pageSize || undefined,
        after: req.pageToken || null,
      });
      return { entries: page.items.map(auditToPb), nextPageToken: page.nextCursor ?? '' };
    }),
  };
  server.addService(pb.DraftServiceService, impl);
}
