import type { EventFactory } from '@pcn/events';
import {
  assertSignedIn,
  ConflictError,
  FailedPreconditionError,
  InvalidArgumentError,
  knownLanguage,
  NotFoundError,
  type CallerIdentity,
  type Clock,
} from '@pcn/platform';
import { DiffBudget, diffContent, type ArticleChange } from './article-diff.js';
import { actorOf, assertCanWrite, canRead } from './draft-access.js';
import { draftEvents, type EventExtras } from './draft-events.js';
import {
  checkAttachments,
  checkContent,
  Checker,
  checkTags,
  checkTarget,
  contentLanguages,
  DRAFT_CODE_PATTERN,
  UNKNOWN_LANGUAGE,
} from './draft-input.js';
import {
  assertAllowed,
  closeConsultation,
  extendConsultation,
  markRevised,
  openConsultation,
  promulgate,
  runDue,
  supersede,
  type Transition,
} from './draft-lifecycle.js';
import type {
  AuditEntry,
  Draft,
  DraftContent,
  DraftStatus,
  DraftVersion,
  Localized,
  TranslationStatus,
} from './draft.model.js';
import type {
  DraftQuery,
  DraftRepository,
  DraftSort,
  DraftUnitOfWork,
  Page,
  StoredDraft,
} from './draft.ports.js';
import type { DraftRules } from './draft-rules.js';
import { diffLanguage, servedDraft, servedVersion, type Served } from './readable-text.js';
import { titleQueryWords } from './title-words.js';

export interface DraftDeps {
  repo: DraftRepository;
  events: EventFactory;
  rules: DraftRules;
  clock: Clock;
  newId: () => string;
  /** Word-diff table cells one diff may fill (see `DiffBudget`); default 2,000,000. */
  diffCellBudget?: number;
}

export interface CreateDraftInput {
  code: string;
  documentType: string;
  agencyId: string;
  content: unknown;
  policyAreas?: unknown;
  target?: unknown;
  spokespersonId?: string | null;
  publicDisclosure?: boolean;
  attachments?: unknown;
}

export interface UpdateDraftInput {
  id: string;
  expectedVersion: number;
  content?: unknown;
  documentType?: string;
  target?: unknown;
  policyAreas?: unknown;
  spokespersonId?: string | null;
  publicDisclosure?: boolean;
  attachments?: unknown;
  note?: string;
}

export interface ListDraftsInput {
  statuses?: readonly DraftStatus[];
  agencyId?: string;
  unitIds?: readonly string[];
  language?: string;
  documentType?: string;
  titleQuery?: string;
  sort?: DraftSort;
  descending?: boolean;
  pageSize?: number;
  after?: string | null;
  /** Count every match (default true); a list that shows no total skips the count. */
  withTotal?: boolean;
  /** Give each item's cursor (default true); `nextCursor` is always given. */
  withCursors?: boolean;
  /** `summary` leaves the body (chapters) out; default `full`. */
  view?: 'full' | 'summary';
}

/** A draft as one caller is served it: only the texts it may read (see readable-text.ts). */
export type ServedDraft = Served<StoredDraft>;

const MAX_PAGE = 100;
const DEFAULT_DIFF_CELLS = 2_000_000;

/** What a write decided: the transition, the fields it changed, and whether content changed. */
interface Change {
  transition: Transition;
  changes: string[];
  contentChanged?: { note: string };
  extras?: EventExtras;
}

/** Builds the draft service's use cases. They hold no I/O of their own: the repository does it. */
export function createDraftUseCases(deps: DraftDeps) {
  const { repo, events, rules, clock, newId } = deps;

  function checkDocumentType(c: Checker, value: unknown): string {
    const types = Object.keys(rules.minConsultationMs);
    if (typeof value !== 'string' || !types.includes(value)) {
      c.fail('documentType', `must be one of ${types.join(', ')}`);
      return '';
    }
    return value;
  }

  function checkOptionalId(c: Checker, field: string, value: unknown): string | null {
    if (value === undefined || value === null || value === '') return null;
    return c.id(field, value);
  }

  /** Runs one write: read, check the expected version, change, then record version, audit, events. */
  async function write(
    caller: CallerIdentity | undefined,
    id: string,
    expectedVersion: number,
    action: string,
    change: (draft: StoredDraft, uow: DraftUnitOfWork) => Change | Promise<Change>,
  ): Promise<ServedDraft> {
    const saved = await repo.transaction(async (uow) => {
      const current = await uow.getDraft(id);
      if (!current) throw new NotFoundError('draft', id);
      assertSignedIn(caller);
      // A draft the caller cannot even read is "not found", so its existence does not leak.
      if (!canRead(caller, current)) throw new NotFoundError('draft', id);
      assertCanWrite(caller, current.agencyId);
      if (!Number.isInteger(expectedVersion) || expectedVersion < 1)
        throw new InvalidArgumentError([
          { field: 'expectedVersion', description: 'the version you read, 1 or more' },
        ]);
      if (current.version !== expectedVersion)
        throw new ConflictError('draft', id, expectedVersion, current.version);
      const { transition, changes, contentChanged, extras } = await change(current, uow);
      const now = clock.now();
      let next: StoredDraft = {
        ...transition.draft,
        version: current.version,
        updatedAt: now.toISOString(),
      };
      if (contentChanged) next = { ...next, contentVersion: current.contentVersion + 1 };
      const saved = await uow.updateDraft(next);
      if (contentChanged) await uow.addVersion(versionOf(saved, contentChanged.note, caller));
      await uow.addAudit(auditOf(saved, caller, action, changes, current.contentVersion));
      await uow.record(draftEvents(events, saved, transition.events, extras));
      return saved;
    });
    return servedDraft(caller, saved);
  }

  function versionOf(draft: Draft, note: string, caller: CallerIdentity | undefined): DraftVersion {
    return {
      id: `${draft.id}:${draft.contentVersion}`,
      draftId: draft.id,
      number: draft.contentVersion,
      content: draft.content,
      translations: draft.translations,
      note,
      createdAt: draft.updatedAt,
      createdBy: actorOf(caller).id,
    };
  }

  function auditOf(
    draft: Draft,
    caller: CallerIdentity | undefined,
    action: string,
    changes: string[],
    fromVersion: number | null,
  ): AuditEntry {
    return {
      id: newId(),
      draftId: draft.id,
      at: draft.updatedAt,
      actor: actorOf(caller),
      action,
      changes,
      fromVersion,
      toVersion: draft.contentVersion,
    };
  }

  /** Approved translations go back to draft when the Vietnamese original changes under them. */
  function staleTranslations(
    translations: Record<string, TranslationStatus>,
  ): Record<string, TranslationStatus> {
    return Object.fromEntries(
      Object.entries(translations).map(([l, s]) => [
        l,
        l !== 'vi' && s === 'approved' ? 'draft' : s,
      ]),
    );
  }

  function translationsFor(
    content: DraftContent,
    previous: Record<string, TranslationStatus> = {},
  ) {
    const out: Record<string, TranslationStatus> = { vi: 'approved' };
    for (const lang of contentLanguages(content))
      if (lang !== 'vi') out[lang] = previous[lang] ?? 'draft';
    return out;
  }

  async function readable(caller: CallerIdentity | undefined, id: string): Promise<StoredDraft> {
    const draft = await repo.getDraft(id);
    // Not found and not visible look the same, so existence does not leak.
    if (!draft || !canRead(caller, draft)) throw new NotFoundError('draft', id);
    return draft;
  }

  return {
    async createDraft(
      caller: CallerIdentity | undefined,
      input: CreateDraftInput,
    ): Promise<ServedDraft> {
      assertCanWrite(caller, input.agencyId);
      const c = new Checker();
      const code = c.pattern(
        'code',
        input.code,
        DRAFT_CODE_PATTERN,
        'letters, digits, _ . / - (at most 64)',
      );
      const documentType = checkDocumentType(c, input.documentType);
      const agencyId = c.id('agencyId', input.agencyId);
      const content = checkContent(c, input.content);
      const target = checkTarget(c, input.target);
      const policyAreas = checkTags(c, input.policyAreas, 'policyAreas');
      const attachments = checkAttachments(c, input.attachments);
      const spokespersonId = checkOptionalId(c, 'spokespersonId', input.spokespersonId);
      c.throwIfAny();
      const now = clock.now().toISOString();
      const draft: Draft = {
        id: newId(),
        code,
        documentType,
        agencyId,
        status: 'drafting',
        content,
        translations: translationsFor(content),
        contentVersion: 1,
        policyAreas,
        target,
        spokespersonId,
        publicDisclosure: input.publicDisclosure ?? true,
        attachments,
        consultation: null,
        pastConsultations: [],
        promulgation: null,
        amendedByDraftId: null,
        repealedByDraftId: null,
        nextDueAt: null,
        createdAt: now,
        createdBy: actorOf(caller).id,
        updatedAt: now,
      };
      const saved = await repo.transaction(async (uow) => {
        const inserted = await uow.insertDraft(draft);
        await uow.addVersion(versionOf(inserted, 'created', caller));
        await uow.addAudit(auditOf(inserted, caller, 'create', ['*'], null));
        await uow.record(draftEvents(events, inserted, ['DraftCreated']));
        return inserted;
      });
      return servedDraft(caller, saved);
    },

    updateDraft(caller: CallerIdentity | undefined, input: UpdateDraftInput): Promise<ServedDraft> {
      return write(caller, input.id, input.expectedVersion, 'update', (draft) => {
        assertAllowed('update', draft);
        const c = new Checker();
        const changes: string[] = [];
        let next: Draft = { ...draft };
        let contentChanged = false;
        if (input.content !== undefined) {
          const content = checkContent(c, input.content);
          if (JSON.stringify(content) !== JSON.stringify(draft.content)) {
            const viChanged =
              JSON.stringify(pick(content, 'vi')) !== JSON.stringify(pick(draft.content, 'vi'));
            next = {
              ...next,
              content,
              translations: translationsFor(
                content,
                viChanged ? staleTranslations(draft.translations) : draft.translations,
              ),
            };
            changes.push('content');
            contentChanged = true;
          }
        }
        if (input.documentType !== undefined && input.documentType !== draft.documentType) {
          next.documentType = checkDocumentType(c, input.documentType);
          changes.push('documentType');
        }
        if (input.target !== undefined) {
          next.target = checkTarget(c, input.target);
          changes.push('target');
        }
        if (input.policyAreas !== undefined) {
          next.policyAreas = checkTags(c, input.policyAreas, 'policyAreas');
          changes.push('policyAreas');
        }
        if (input.attachments !== undefined) {
          next.attachments = checkAttachments(c, input.attachments);
          changes.push('attachments');
        }
        if (input.spokespersonId !== undefined) {
          next.spokespersonId = checkOptionalId(c, 'spokespersonId', input.spokespersonId);
          changes.push('spokespersonId');
        }
        if (input.publicDisclosure !== undefined) {
          next.publicDisclosure = input.publicDisclosure;
          changes.push('publicDisclosure');
        }
        const note = c.text('note', input.note, 1000, false);
        c.throwIfAny();
        if (changes.length === 0)
          throw new InvalidArgumentError([{ field: '(update)', description: 'nothing to change' }]);
        return {
          transition: { draft: next, events: ['DraftUpdated'] },
          changes,
          contentChanged: contentChanged ? { note: note || 'updated' } : undefined,
          extras: { changedFields: changes },
        };
      });
    },

    setTranslation(
      caller: CallerIdentity | undefined,
      input: {
        id: string;
        expectedVersion: number;
        language: string;
        content: unknown;
        status: TranslationStatus;
      },
    ): Promise<ServedDraft> {
      return write(caller, input.id, input.expectedVersion, 'setTranslation', (draft) => {
        assertAllowed('setTranslation', draft);
        const lang = knownLanguage(input.language);
        if (!lang)
          throw new InvalidArgumentError([{ field: 'language', description: UNKNOWN_LANGUAGE }]);
        if (lang === 'vi')
          throw new InvalidArgumentError([
            { field: 'language', description: 'vi is the original; change it with updateDraft' },
          ]);
        if (!['missing', 'draft', 'approved'].includes(input.status))
          throw new InvalidArgumentError([
            { field: 'status', description: 'must be missing, draft or approved' },
          ]);
        const content =
          input.status === 'missing'
            ? withoutLanguage(draft.content, lang)
            : mergeLanguage(draft.content, lang, input.content);
        if (input.status === 'approved') {
          const gaps = untranslated(content, lang);
          if (gaps.length > 0)
            throw new FailedPreconditionError(
              `A translation is approved only when complete; ${lang} lacks ${gaps.slice(0, 5).join(', ')}${gaps.length > 5 ? ` and ${gaps.length - 5} more` : ''}`,
              'TRANSLATION_INCOMPLETE',
            );
        }
        const translations = { ...draft.translations };
        if (input.status === 'missing') delete translations[lang];
        else translations[lang] = input.status;
        return {
          transition: { draft: { ...draft, content, translations }, events: ['DraftUpdated'] },
          changes: [`translations.${lang}`],
          contentChanged: { note: `translation ${lang}: ${input.status}` },
          extras: { changedFields: [`translations.${lang}`] },
        };
      });
    },

    openConsultation(
      caller: CallerIdentity | undefined,
      input: {
        id: string;
        expectedVersion: number;
        opensAt: string;
        closesAt: string;
        languages?: readonly string[];
      },
    ): Promise<ServedDraft> {
      return write(caller, input.id, input.expectedVersion, 'openConsultation', (draft) => {
        const languages = input.languages?.map((l, i) => {
          const known = knownLanguage(l);
          if (!known)
            throw new InvalidArgumentError([
              { field: `languages[${i}]`, description: `${l.slice(0, 40)}: ${UNKNOWN_LANGUAGE}` },
            ]);
          return known;
        });
        const transition = openConsultation(draft, { ...input, languages }, rules, clock.now());
        return { transition, changes: ['status', 'consultation'] };
      });
    },

    extendConsultation(
      caller: CallerIdentity | undefined,
      input: { id: string; expectedVersion: number; closesAt: string; reason: string },
    ): Promise<ServedDraft> {
      return write(caller, input.id, input.expectedVersion, 'extendConsultation', (draft) => {
        const c = new Checker();
        const reason = c.text('reason', input.reason, 1000, true);
        c.throwIfAny();
        const transition = extendConsultation(
          draft,
          { closesAt: input.closesAt, reason, by: actorOf(caller).id },
          rules,
          clock.now(),
        );
        return {
          transition,
          changes: ['consultation.closesAt'],
          extras: { changedFields: ['consultation.closesAt'] },
        };
      });
    },

    closeConsultation(
      caller: CallerIdentity | undefined,
      input: { id: string; expectedVersion: number },
    ): Promise<ServedDraft> {
      return write(caller, input.id, input.expectedVersion, 'closeConsultation', (draft) => ({
        transition: closeConsultation(draft, 'agency', rules, clock.now()),
        changes: ['status', 'consultation.closedAt'],
      }));
    },

    reviseDraft(
      caller: CallerIdentity | undefined,
      input: { id: string; expectedVersion: number; content: unknown; note?: string },
    ): Promise<ServedDraft> {
      return write(caller, input.id, input.expectedVersion, 'revise', (draft) => {
        assertAllowed('revise', draft);
        const c = new Checker();
        const content = checkContent(c, input.content);
        const note = c.text('note', input.note, 1000, false);
        c.throwIfAny();
        const revised = markRevised(
          {
            ...draft,
            content,
            translations: translationsFor(content, staleTranslations(draft.translations)),
          },
          rules,
          clock.now(),
        );
        // Only which articles changed: no word diffs, so a budget of nothing.
        const changedArticleIds = diffContent(draft.content, content, 'vi', new DiffBudget(0)).map(
          (ch) => ch.articleId,
        );
        return {
          transition: revised,
          changes: ['status', 'content'],
          contentChanged: { note: note || 'revised after consultation' },
          extras: { previousVersion: draft.contentVersion, changedArticleIds },
        };
      });
    },

    promulgateDraft(
      caller: CallerIdentity | undefined,
      input: {
        id: string;
        expectedVersion: number;
        documentNumber: string;
        signedOn: string;
        effectiveOn: string;
      },
    ): Promise<ServedDraft> {
      return write(caller, input.id, input.expectedVersion, 'promulgate', (draft) => ({
        transition: promulgate(draft, input, rules, clock.now()),
        changes: ['status', 'promulgation'],
      }));
    },

    supersedeDraft(
      caller: CallerIdentity | undefined,
      kind: 'amend' | 'repeal',
      input: { id: string; expectedVersion: number; byDraftId: string },
    ): Promise<ServedDraft> {
      return write(caller, input.id, input.expectedVersion, kind, async (draft, uow) => {
        const c = new Checker();
        c.id(kind === 'amend' ? 'amendedByDraftId' : 'repealedByDraftId', input.byDraftId);
        c.throwIfAny();
        const by = await uow.getDraft(input.byDraftId);
        if (!by || !canRead(caller, by)) throw new NotFoundError('draft', input.byDraftId);
        return {
          transition: supersede(draft, kind, input.byDraftId, rules, clock.now()),
          changes: ['status', kind === 'amend' ? 'amendedByDraftId' : 'repealedByDraftId'],
        };
      });
    },

    async getDraft(caller: CallerIdentity | undefined, id: string): Promise<ServedDraft> {
      return servedDraft(caller, await readable(caller, id));
    },

    /** Drafts the caller may read, in the order asked; missing or hidden ones are left out. */
    async getDrafts(
      caller: CallerIdentity | undefined,
      ids: readonly string[],
    ): Promise<ServedDraft[]> {
      if (ids.length > 500)
        throw new InvalidArgumentError([{ field: 'ids', description: 'at most 500 per call' }]);
      const found = await repo.getDrafts([...new Set(ids)]);
      const byId = new Map(found.filter((d) => canRead(caller, d)).map((d) => [d.id, d]));
      return ids.flatMap((id) => {
        const draft = byId.get(id);
        return draft ? [servedDraft(caller, draft)] : [];
      });
    },

    async getVersion(
      caller: CallerIdentity | undefined,
      draftId: string,
      number: number,
    ): Promise<Served<DraftVersion>> {
      const draft = await readable(caller, draftId);
      const version = Number.isInteger(number) ? await repo.getVersion(draftId, number) : null;
      if (!version) throw new NotFoundError('draft version', `${draftId}:${number}`);
      return servedVersion(caller, draft.agencyId, version);
    },

    /**
     * Article-level differences between two versions, in the first preferred language the caller
     * may read in both (else vi), which the answer names. Unknown tags fall back, as every read does.
     */
    async diffVersions(
      caller: CallerIdentity | undefined,
      input: { draftId: string; fromVersion: number; toVersion: number; languages?: string[] },
    ): Promise<{ language: string; changes: ArticleChange[] }> {
      const from = await this.getVersion(caller, input.draftId, input.fromVersion);
      const to = await this.getVersion(caller, input.draftId, input.toVersion);
      const language = diffLanguage(input.languages ?? [], from, to);
      const budget = new DiffBudget(deps.diffCellBudget ?? DEFAULT_DIFF_CELLS);
      return { language, changes: diffContent(from.content, to.content, language, budget) };
    },

    async listDrafts(
      caller: CallerIdentity | undefined,
      input: ListDraftsInput,
    ): Promise<Page<ServedDraft>> {
      const c = new Checker();
      const pageSize = input.pageSize ?? 20;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE)
        c.fail('pageSize', `must be 1-${MAX_PAGE}`);
      // A filter, not a language to serve in: an unknown one would silently match nothing.
      const language = input.language ? knownLanguage(input.language) : undefined;
      if (input.language && !language) c.fail('language', UNKNOWN_LANGUAGE);
      if (input.agencyId) c.id('agencyId', input.agencyId);
      const unitIds = c.list('unitIds', input.unitIds, 5000, (v, p) => c.id(p, v));
      let titleWords: string[] = [];
      if (input.titleQuery) {
        const checked = titleQueryWords('titleQuery', input.titleQuery);
        checked.violations.forEach((v) => c.fail(v.field, v.description));
        titleWords = checked.words;
      }
      c.throwIfAny();
      const isAdmin = caller?.roles.includes('network_admin') ?? false;
      const editorOf = caller?.roles.includes('agency_editor') ? caller.organizationId : undefined;
      const query: DraftQuery = {
        statuses: input.statuses ?? [],
        agencyId: input.agencyId,
        unitIds,
        language,
        documentType: input.documentType,
        titleWords,
        sort: input.sort ?? 'updatedAt',
        descending: input.descending ?? true,
        pageSize,
        after: input.after ?? null,
        visibility: { publicOnly: !isAdmin, agencyId: editorOf },
        withTotal: input.withTotal ?? true,
        withCursors: input.withCursors ?? true,
        view: input.view ?? 'full',
      };
      const page = await repo.listDrafts(query);
      return { ...page, items: page.items.map((d) => servedDraft(caller, d)) };
    },

    async listAudit(
      caller: CallerIdentity | undefined,
      input: { draftId: string; pageSize?: number; after?: string | null },
    ): Promise<Page<AuditEntry>> {
      const draft = await repo.getDraft(input.draftId);
      // A draft the caller cannot even read is "not found", as for writes.
      if (!draft || !canRead(caller, draft)) throw new NotFoundError('draft', input.draftId);
      assertCanWrite(caller, draft.agencyId);
      return repo.listAudit(
        input.draftId,
        Math.min(Math.max(input.pageSize ?? 50, 1), MAX_PAGE),
        input.after ?? null,
      );
    },

    /**
     * Applies what the clock has made due: scheduled consultations open, closing-soon notices, and
     * closes. Each draft changes in its own transaction with an optimistic version check, so two
     * replicas running this at once never act twice: the loser's write conflicts and is dropped.
     */
    async runSchedule(limit = 100): Promise<{
      applied: number;
      conflicts: number;
      failed: { draftId: string; error: unknown }[];
    }> {
      const now = clock.now();
      let applied = 0;
      let conflicts = 0;
      const failed: { draftId: string; error: unknown }[] = [];
      for (const due of await repo.due(now, limit)) {
        try {
          const changed = await repo.transaction(async (uow) => {
            const current = await uow.getDraft(due.id);
            if (!current || current.version !== due.version) return false;
            const transition = runDue(current, rules, now);
            if (transition.events.length === 0 && transition.draft.nextDueAt === current.nextDueAt)
              return false;
            const saved = await uow.updateDraft({
              ...transition.draft,
              version: current.version,
              updatedAt: now.toISOString(),
            });
            if (transition.events.length > 0) {
              await uow.addAudit(
                auditOf(saved, undefined, 'schedule', transition.events, current.contentVersion),
              );
              await uow.record(draftEvents(events, saved, transition.events));
            }
            return true;
          });
          if (changed) applied += 1;
        } catch (err) {
          // One draft that cannot be handled must not hold up every other close.
          if (err instanceof ConflictError) conflicts += 1;
          else failed.push({ draftId: due.id, error: err });
        }
      }
      return { applied, conflicts, failed };
    },
  };
}

export type DraftUseCases = ReturnType<typeof createDraftUseCases>;

/** The content's texts in one language only. */
function pick(content: DraftContent, lang: string) {
  const one = (l: Localized) => l[lang] ?? null;
  return {
    title: one(content.title),
    summary: one(content.summary),
    chapters: content.chapters.map((ch) => ({
      id: ch.id,
      t: one(ch.title),
      a: ch.articles.map((a) => ({
        id: a.id,
        t: one(a.title),
        c: a.clauses.map((cl) => [cl.id, one(cl.text)]),
      })),
    })),
  };
}

function mapTexts(
  content: DraftContent,
  fn: (l: Localized, path: string) => Localized,
): DraftContent {
  return {
    title: fn(content.title, 'title'),
    summary: fn(content.summary, 'summary'),
    chapters: content.chapters.map((ch) => ({
      ...ch,
      title: fn(ch.title, `chapter ${ch.id}`),
      articles: ch.articles.map((a) => ({
        ...a,
        title: fn(a.title, `article ${a.id}`),
        clauses: a.clauses.map((cl) => ({ ...cl, text: fn(cl.text, `clause ${cl.id}`) })),
      })),
    })),
  };
}

function withoutLanguage(content: DraftContent, lang: string): DraftContent {
  return mapTexts(content, (l) =>
    Object.fromEntries(Object.entries(l).filter(([k]) => k !== lang)),
  );
}

/**
 * Puts one language's texts from `raw` (same ids as the draft) into the draft's content. Unknown
 * ids are refused; texts not given keep what the language had.
 */
function mergeLanguage(content: DraftContent, lang: string, raw: unknown): DraftContent {
  const c = new Checker();
  const input = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const texts = new Map<string, string>();
  const take = (path: string, key: string, value: unknown, max: number) => {
    const text = c.text(path, value, max, false);
    if (text) texts.set(key, text);
  };
  take('content.title', 'title', (input.title as Record<string, unknown> | undefined)?.[lang], 500);
  take(
    'content.summary',
    'summary',
    (input.summary as Record<string, unknown> | undefined)?.[lang],
    5000,
  );
  const known = new Set<string>();
  for (const ch of content.chapters) {
    known.add(ch.id);
    for (const a of ch.articles) {
      known.add(a.id);
      for (const cl of a.clauses) known.add(cl.id);
    }
  }
  const chapters = Array.isArray(input.chapters) ? (input.chapters as unknown[]).slice(0, 200) : [];
  chapters.forEach((rawCh, i) => {
    const ch = (rawCh ?? {}) as Record<string, unknown>;
    const id = String(ch.id);
    if (!known.has(id))
      c.fail(`content.chapters[${i}].id`, `no chapter ${id.slice(0, 64)} in this draft`);
    take(
      `content.chapters[${i}].title`,
      `chapter ${id}`,
      (ch.title as Record<string, unknown> | undefined)?.[lang],
      500,
    );
    const articles = Array.isArray(ch.articles) ? (ch.articles as unknown[]).slice(0, 2000) : [];
    articles.forEach((rawA, j) => {
      const a = (rawA ?? {}) as Record<string, unknown>;
      const aid = String(a.id);
      if (!known.has(aid))
        c.fail(
          `content.chapters[${i}].articles[${j}].id`,
          `no article ${aid.slice(0, 64)} in this draft`,
        );
      take(
        `content.chapters[${i}].articles[${j}].title`,
        `article ${aid}`,
        (a.title as Record<string, unknown> | undefined)?.[lang],
        500,
      );
      const clauses = Array.isArray(a.clauses) ? (a.clauses as unknown[]).slice(0, 200) : [];
      clauses.forEach((rawCl, k) => {
        const cl = (rawCl ?? {}) as Record<string, unknown>;
        const cid = String(cl.id);
        if (!known.has(cid))
          c.fail(
            `content.chapters[${i}].articles[${j}].clauses[${k}].id`,
            `no clause ${cid.slice(0, 64)} in this draft`,
          );
        take(
          `content.chapters[${i}].articles[${j}].clauses[${k}].text`,
          `clause ${cid}`,
          (cl.text as Record<string, unknown> | undefined)?.[lang],
          20_000,
        );
      });
    });
  });
  c.throwIfAny();
  return mapTexts(content, (l, path) => {
    const text = texts.get(path);
    return text === undefined ? l : { ...l, [lang]: text };
  });
}

/** Parts with Vietnamese text but none in `lang`. */
function untranslated(content: DraftContent, lang: string): string[] {
  const gaps: string[] = [];
  mapTexts(content, (l, path) => {
    if (l.vi && !l[lang]) gaps.push(path);
    return l;
  });
  return gaps;
}
