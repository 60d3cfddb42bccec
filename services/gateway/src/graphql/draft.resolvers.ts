import { draft as pb } from '@pcn/contracts';
import type { EventEnvelope } from '@pcn/events';
import {
  assertAgencyWriter,
  assertSignedIn,
  hasRole,
  InvalidArgumentError,
  knownLanguage,
  NotFoundError,
  type CallerIdentity,
} from '@pcn/platform';
import type { GatewayContext } from './context.js';
import { contentToPb, translationToPb } from './draft-input.js';
import { selectedFields } from './draft-selection.js';
import { draftReadMask } from './draft-read-mask.js';
import {
  chaptersIn,
  readableLanguages,
  statusName,
  text,
  translationName,
  view,
  type DraftView,
} from './draft-view.js';
import type {
  DocumentType,
  DraftEvent,
  DraftEventFilter,
  DraftFilter,
  DraftSort,
  DraftStatus,
  Resolvers,
  TranslationStatus,
} from './generated/resolvers-types.js';
import { negotiate, requestedLanguages } from './language.js';
import { liveStream } from './live.js';
import { knownUnits } from './units.js';

const MAX_PAGE = 100;

/** What a write is told about a tag `knownLanguage` refuses. */
const UNKNOWN_LANGUAGE = 'is not a language PCN can hold text in: a BCP 47 tag such as vi or hmn';

/** Fields of Draft that need its body; a list that selects none of them is served summaries. */
const BODY_FIELDS = new Set(['chapters']);

// GraphQL enum values as the draft service's: a value one side lacks does not compile.
const draftStatus = (s: DraftStatus) => pb.DraftStatus[`DRAFT_STATUS_${s}`];
const sortField = (s: DraftSort) => pb.DraftSortField[`DRAFT_SORT_FIELD_${s}`];
const translationStatus = (s: TranslationStatus) => pb.TranslationStatus[`TRANSLATION_STATUS_${s}`];

/** A field protobuf leaves optional that the draft service always sets. */
function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`draft service answered without ${what}`);
  return value;
}

const FILTER_FIELDS = new Set(['titleQuery', 'language', 'agencyId', 'statuses']);

/** ListDrafts names fields as its request does; the client sent them in `filter`. */
function asFilterError(err: unknown): unknown {
  if (!(err instanceof InvalidArgumentError)) return err;
  return new InvalidArgumentError(
    err.violations.map((v) =>
      FILTER_FIELDS.has(v.field.split(/[.[]/)[0] ?? '') ? { ...v, field: `filter.${v.field}` } : v,
    ),
  );
}

/**
 * A write to an existing draft: the draft service decides who may make it (a draft the caller
 * cannot read is not found; one of another agency is forbidden) and its status becomes the GraphQL
 * code. Only the caller's sign-in is checked here, which needs no read.
 */
async function writeDraft(
  ctx: GatewayContext,
  send: (client: pb.DraftServiceClient) => Promise<{ draft?: pb.Draft | undefined }>,
): Promise<DraftView> {
  assertSignedIn(ctx.caller);
  const { draft } = await send(ctx.drafts.client);
  return writtenDraftView(ctx, draft);
}

const PUBLIC_EVENTS = new Set([
  'ConsultationOpened',
  'ConsultationClosingSoon',
  'ConsultationClosed',
  'DraftRevised',
  'DraftPromulgated',
  'DraftAmended',
  'DraftRepealed',
]);

/**
 * What a caller may see live: the same rule as reading a draft. Consultation and later events of a
 * disclosed draft are public; everything else only for the agency's editors and network admins.
 */
function eventVisibility(caller: CallerIdentity) {
  return (type: string, data: { agencyId: string; publicDisclosure?: boolean }) =>
    (PUBLIC_EVENTS.has(type) && data.publicDisclosure === true) ||
    hasRole(caller, 'network_admin') ||
    (hasRole(caller, 'agency_editor') && caller.organizationId === data.agencyId);
}

function eventToGraphQL(e: EventEnvelope): DraftEvent {
  const d = e.data as {
    draftId: string;
    code: string;
    agencyId: string;
    title: Record<string, string>;
    languages: string[];
    targetUnitIds: string[];
    opensAt?: string;
    closesAt?: string;
  };
  return {
    id: e.id,
    type: e.type.slice(e.type.lastIndexOf('.') + 1),
    time: e.time,
    draftId: d.draftId,
    code: d.code,
    agencyId: d.agencyId,
    title: d.title.vi ?? '',
    languages: d.languages,
    targetUnitIds: d.targetUnitIds,
    opensAt: d.opensAt ?? null,
    closesAt: d.closesAt ?? null,
    correlationId: e.correlationId,
  };
}

export const draftResolvers = {
  Query: {
    async drafts(_, args, ctx, info) {
      if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE)
        throw new InvalidArgumentError([{ field: 'first', description: `must be 1-${MAX_PAGE}` }]);
      const f: DraftFilter = args.filter ?? {};
      let unitIds: string[] = [];
      if (f.unitId) {
        if (!(await ctx.identity.unit(f.unitId))) throw new NotFoundError('unit', f.unitId);
        unitIds = await ctx.identity.subtree(f.unitId);
      }
      // A filter, not a language to serve in: an unknown one would silently match nothing.
      const language = f.language ? knownLanguage(f.language) : '';
      if (f.language && !language)
        throw new InvalidArgumentError([
          { field: 'filter.language', description: UNKNOWN_LANGUAGE },
        ]);
      // Ask the draft service for only what the query uses: the fields selected, and no count,
      // cursors or bodies unless selected.
      const nodeFields = selectedFields(info, ['edges', 'node']);
      const withBodies = [...nodeFields].some((name) => BODY_FIELDS.has(name));
      const readMask = draftReadMask(nodeFields);
      const list = ctx.drafts.client.listDrafts.bind(ctx.drafts.client);
      const res = await ctx.drafts
        .call(list, {
          statuses: (f.statuses ?? []).map(draftStatus),
          agencyId: f.agencyId ?? '',
          unitIds,
          language: language ?? '',
          documentType: f.documentType ?? '',
          titleQuery: f.titleQuery ?? '',
          sort: sortField(args.sort),
          descending: args.descending,
          pageSize: args.first,
          pageToken: args.after ?? '',
          skipTotalCount: !selectedFields(info).has('totalCount'),
          view: withBodies
            ? pb.DraftListView.DRAFT_LIST_VIEW_FULL
            : pb.DraftListView.DRAFT_LIST_VIEW_SUMMARY,
          readMask,
          skipCursors: !selectedFields(info, ['edges']).has('cursor'),
        })
        .catch((err: unknown) => {
          throw asFilterError(err);
        });
      const requested = requestedLanguages(args.lang, ctx.acceptLanguage);
      // Summaries and masked drafts lack fields: only whole drafts may answer later reads.
      if (withBodies && !readMask) for (const d of res.drafts) ctx.drafts.drafts.prime(d.id, d);
      return {
        edges: res.drafts.map((d, i) => ({
          node: view(d, requested),
          cursor: res.cursors[i] ?? res.nextPageToken,
        })),
        pageInfo: { hasNextPage: res.nextPageToken !== '', endCursor: res.nextPageToken || null },
        totalCount: res.totalCount,
      };
    },

    async draft(_, args, ctx) {
      const d = await ctx.drafts.drafts.load(args.id);
      return d ? view(d, requestedLanguages(args.lang, ctx.acceptLanguage)) : null;
    },

    async draftVersion(_, args, ctx) {
      try {
        const { version } = await ctx.drafts.call(
          ctx.drafts.client.getDraftVersion.bind(ctx.drafts.client),
          {
            draftId: args.draftId,
            number: args.number,
          },
        );
        if (!version) return null;
        // The languages the draft service lets this caller read in that version.
        const lang = negotiate(
          requestedLanguages(args.lang, ctx.acceptLanguage),
          readableLanguages(version),
        );
        return {
          draftId: version.draftId,
          number: version.number,
          language: lang,
          title: text(version.content?.title, lang),
          chapters: chaptersIn(version.content, lang),
          note: version.note,
          createdAt: present(version.createdAt, "the version's createdAt"),
        };
      } catch (err) {
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    },

    async draftDiff(_, args, ctx) {
      // The draft service picks the first language the caller may read in both versions.
      const { language, changes } = await ctx.drafts.call(
        ctx.drafts.client.diffDraftVersions.bind(ctx.drafts.client),
        {
          draftId: args.draftId,
          fromVersion: args.fromVersion,
          toVersion: args.toVersion,
          language: '',
          languages: requestedLanguages(args.lang, ctx.acceptLanguage),
        },
      );
      return changes.map((c) => ({
        ...c,
        language: language || 'vi',
        change: c.change.toUpperCase(),
        textDiff: c.textDiff.map((p) => ({ op: p.op.toUpperCase(), text: p.text })),
      }));
    },

    async draftAudit(_, args, ctx) {
      if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE)
        throw new InvalidArgumentError([{ field: 'first', description: `must be 1-${MAX_PAGE}` }]);
      assertSignedIn(ctx.caller);
      const res = await ctx.drafts.call(ctx.drafts.client.listDraftAudit.bind(ctx.drafts.client), {
        draftId: args.draftId,
        pageSize: args.first,
        pageToken: args.after ?? '',
      });
      return {
        entries: res.entries,
        pageInfo: { hasNextPage: res.nextPageToken !== '', endCursor: res.nextPageToken || null },
      };
    },
  },

  Mutation: {
    async createDraft(_, { input }, ctx) {
      assertAgencyWriter(ctx.caller, input.agencyId);
      await assertUnitsExist(ctx, input.target?.unitIds ?? [], 'input.target.unitIds');
      const { draft } = await ctx.drafts.call(
        ctx.drafts.client.createDraft.bind(ctx.drafts.client),
        {
          code: input.code,
          documentType: input.documentType,
          agencyId: input.agencyId,
          content: contentToPb(input.content),
          policyAreas: input.policyAreas ?? [],
          target: {
            unitIds: input.target?.unitIds ?? [],
            ethnicGroups: input.target?.ethnicGroups ?? [],
            audienceGroups: input.target?.audienceGroups ?? [],
          },
          spokespersonId: input.spokespersonId ?? '',
          publicDisclosure: input.publicDisclosure ?? true,
          attachments: (input.attachments ?? []).map((a) => ({
            ...a,
            sizeBytes: String(a.sizeBytes),
          })),
        },
      );
      return writtenDraftView(ctx, draft);
    },

    async updateDraft(_, { input }, ctx) {
      assertSignedIn(ctx.caller);
      if (input.target?.unitIds)
        await assertUnitsExist(ctx, input.target.unitIds, 'input.target.unitIds');
      const { draft } = await ctx.drafts.call(
        ctx.drafts.client.updateDraft.bind(ctx.drafts.client),
        {
          id: input.id,
          expectedVersion: input.expectedVersion,
          content: input.content ? contentToPb(input.content) : undefined,
          documentType: input.documentType ?? undefined,
          target: input.target
            ? {
                unitIds: input.target.unitIds ?? [],
                ethnicGroups: input.target.ethnicGroups ?? [],
                audienceGroups: input.target.audienceGroups ?? [],
              }
            : undefined,
          replaceTarget: Boolean(input.target),
          policyAreas: input.policyAreas ?? [],
          replacePolicyAreas: Boolean(input.policyAreas),
          spokespersonId: input.spokespersonId ?? undefined,
          publicDisclosure: input.publicDisclosure ?? undefined,
          attachments: (input.attachments ?? []).map((a) => ({
            ...a,
            sizeBytes: String(a.sizeBytes),
          })),
          replaceAttachments: Boolean(input.attachments),
          note: input.note ?? '',
        },
      );
      return writtenDraftView(ctx, draft);
    },

    async setTranslation(_, { input }, ctx) {
      assertSignedIn(ctx.caller);
      const lang = knownLanguage(input.lang);
      if (!lang)
        throw new InvalidArgumentError([{ field: 'input.lang', description: UNKNOWN_LANGUAGE }]);
      const current = await ctx.drafts.drafts.load(input.id);
      const { draft } = await ctx.drafts.call(
        ctx.drafts.client.setTranslation.bind(ctx.drafts.client),
        {
          id: input.id,
          expectedVersion: input.expectedVersion,
          language: lang,
          content: translationToPb(current?.content, lang, input),
          status: translationStatus(input.status),
        },
      );
      return writtenDraftView(ctx, draft);
    },

    async openConsultation(_, { input }, ctx) {
      const unknown = (input.languages ?? []).flatMap((l, i) =>
        knownLanguage(l) ? [] : [{ field: `input.languages[${i}]`, description: UNKNOWN_LANGUAGE }],
      );
      if (unknown.length > 0) throw new InvalidArgumentError(unknown.slice(0, 20));
      return writeDraft(ctx, (c) =>
        ctx.drafts.call(c.openConsultation.bind(c), {
          id: input.id,
          expectedVersion: input.expectedVersion,
          opensAt: input.opensAt,
          closesAt: input.closesAt,
          languages: input.languages ?? [],
        }),
      );
    },

    async extendConsultation(_, { input }, ctx) {
      return writeDraft(ctx, (c) =>
        ctx.drafts.call(c.extendConsultation.bind(c), {
          id: input.id,
          expectedVersion: input.expectedVersion,
          closesAt: input.closesAt,
          reason: input.reason,
        }),
      );
    },

    async closeConsultation(_, args, ctx) {
      return writeDraft(ctx, (c) => ctx.drafts.call(c.closeConsultation.bind(c), args));
    },

    async reviseDraft(_, { input }, ctx) {
      return writeDraft(ctx, (c) =>
        ctx.drafts.call(c.reviseDraft.bind(c), {
          id: input.id,
          expectedVersion: input.expectedVersion,
          content: contentToPb(input.content),
          note: input.note ?? '',
        }),
      );
    },

    async promulgateDraft(_, { input }, ctx) {
      return writeDraft(ctx, (c) => ctx.drafts.call(c.promulgateDraft.bind(c), input));
    },

    async amendDraft(_, args, ctx) {
      return writeDraft(ctx, (c) => ctx.drafts.call(c.amendDraft.bind(c), args));
    },

    async repealDraft(_, args, ctx) {
      return writeDraft(ctx, (c) => ctx.drafts.call(c.repealDraft.bind(c), args));
    },
  },

  Subscription: {
    draftEvents: {
      async subscribe(_, args, ctx) {
        const f: DraftEventFilter = args.filter ?? {};
        let unitIds: Set<string> | undefined;
        if (f.unitId) {
          if (!(await ctx.identity.unit(f.unitId))) throw new NotFoundError('unit', f.unitId);
          unitIds = new Set(await ctx.identity.subtree(f.unitId));
        }
        const events = ctx.hub.subscribe({
          draftId: f.draftId ?? undefined,
          agencyId: f.agencyId ?? undefined,
          unitIds,
          types: f.types?.length ? new Set(f.types) : undefined,
          visible: eventVisibility(ctx.caller),
        });
        // Between events, the credentials are checked again (see liveStream).
        return liveStream(ctx, events, (event) => [{ draftEvents: eventToGraphQL(event) }]);
      },
    },
  },

  Draft: {
    version: (v) => v.draft.version,
    id: (v) => v.draft.id,
    code: (v) => v.draft.code,
    // The draft service accepts only the types the DocumentType enum lists (its DOCUMENT_TYPES).
    documentType: (v) => v.draft.documentType as DocumentType,
    agencyId: (v) => v.draft.agencyId,
    agency: (v, _, ctx) => ctx.identity.organization(v.draft.agencyId),
    status: (v) => statusName(v.draft.status),
    language: (v) => v.language,
    title: (v) => text(v.draft.content?.title, v.language),
    summary: (v) => text(v.draft.content?.summary, v.language) || null,
    chapters: (v) => chaptersIn(v.draft.content, v.language),
    titles: (v) => {
      // Only Vietnamese and approved translations are published.
      const readable = readableLanguages(v.draft);
      return Object.entries(v.draft.content?.title ?? {})
        .filter(([lang]) => readable.includes(lang))
        .map(([lang, t]) => ({ lang, text: t }));
    },
    translations: (v) =>
      Object.entries(v.draft.translations).map(([lang, s]) => ({
        lang,
        status: translationName(s),
      })),
    contentVersion: (v) => v.draft.contentVersion,
    policyAreas: (v) => v.draft.policyAreas,
    targetUnits: (v, _, ctx) => knownUnits(ctx, v.draft.target?.unitIds ?? []),
    ethnicGroups: (v) => v.draft.target?.ethnicGroups ?? [],
    audienceGroups: (v) => v.draft.target?.audienceGroups ?? [],
    spokesperson: async (v, _, ctx) =>
      v.draft.spokespersonId
        ? ((await ctx.identity.spokespersons()).find((s) => s.id === v.draft.spokespersonId) ??
          null)
        : null,
    publicDisclosure: (v) => v.draft.publicDisclosure,
    attachments: (v) => v.draft.attachments.map((a) => ({ ...a, sizeBytes: Number(a.sizeBytes) })),
    consultation: (v) => v.draft.consultation ?? null,
    pastConsultations: (v) => v.draft.pastConsultations,
    promulgation: (v) => v.draft.promulgation ?? null,
    amendedBy: async (v, _, ctx) =>
      v.draft.amendedByDraftId ? loadView(ctx, v.draft.amendedByDraftId, v.language) : null,
    repealedBy: async (v, _, ctx) =>
      v.draft.repealedByDraftId ? loadView(ctx, v.draft.repealedByDraftId, v.language) : null,
    createdAt: (v) => present(v.draft.createdAt, "the draft's createdAt"),
    updatedAt: (v) => present(v.draft.updatedAt, "the draft's updatedAt"),
  },

  Consultation: {
    closedBy: (c) => c.closedBy || null,
  },
} satisfies Resolvers;

async function loadView(ctx: GatewayContext, id: string, lang: string): Promise<DraftView | null> {
  const d = await ctx.drafts.drafts.load(id);
  return d ? view(d, [lang, 'vi']) : null;
}

/** The view of a draft a write returned; it also answers later reads of this request. */
function writtenDraftView(ctx: GatewayContext, draft: pb.Draft | undefined): DraftView {
  if (!draft) throw new Error('draft service answered without a draft');
  ctx.drafts.drafts.clear(draft.id).prime(draft.id, draft);
  return view(draft, requestedLanguages(null, ctx.acceptLanguage));
}

/** A nonexistent unit is a client mistake, named by its path, before anything is written. */
async function assertUnitsExist(
  ctx: GatewayContext,
  ids: readonly string[],
  path: string,
): Promise<void> {
  const found = await Promise.all(ids.map((id) => ctx.identity.unit(id)));
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length > 0)
    throw new InvalidArgumentError(
      missing
        .slice(0, 20)
        .map((id) => ({ field: path, description: `no unit ${id.slice(0, 64)}` })),
    );
}
