import type { BusNames, EventEnvelope } from '@pcn/events';
import { toOutboxMessage } from '@pcn/events';
import { AlreadyExistsError } from '@pcn/platform';
import type { Collection, Filter, SortKey, Store, Transaction } from '@pcn/storage';
import { readableLanguages } from '../app/draft-events.js';
import type { AuditEntry, Draft, DraftVersion, Localized } from '../app/draft.model.js';
import type {
  DraftQuery,
  DraftRepository,
  DraftSort,
  DraftUnitOfWork,
  Page,
  StoredDraft,
} from '../app/draft.ports.js';
import { publishedTitle } from '../app/readable-text.js';
import { searchWords } from '../app/title-words.js';
import {
  auditCollection,
  draftsCollection,
  draftSummariesCollection,
  TITLE_WORD_INDEXES,
  versionsCollection,
} from './draft.collections.js';

/**
 * A draft as listed: everything but the body, the draft's own store version, and fields derived for
 * the list's indexes. Only published titles are indexed, so a search cannot probe the words of a
 * translation nobody approved.
 */
type SummaryRecord = Omit<Draft, 'content'> & {
  content: { title: Localized; summary: Localized };
  draftVersion: number;
  search: { languages: string[]; titleWords: string[]; public: boolean };
};

function toSummary(draft: StoredDraft): SummaryRecord {
  const { content, version, ...rest } = draft;
  return {
    ...rest,
    content: { title: content.title, summary: content.summary },
    draftVersion: version,
    search: {
      languages: readableLanguages(draft),
      titleWords: searchWords(Object.values(publishedTitle(draft)).join(' ')),
      public: draft.publicDisclosure && draft.status !== 'drafting',
    },
  };
}

function fromSummary(r: SummaryRecord & { version: number }): StoredDraft {
  // Field by field, one object of one shape: copying by object rest (or deleting the list's own
  // fields) cost more than reading the record; the compiler flags a Draft field left out.
  return {
    id: r.id,
    code: r.code,
    documentType: r.documentType,
    agencyId: r.agencyId,
    status: r.status,
    content: { title: r.content.title, summary: r.content.summary, chapters: [] },
    translations: r.translations,
    contentVersion: r.contentVersion,
    policyAreas: r.policyAreas,
    target: r.target,
    spokespersonId: r.spokespersonId,
    publicDisclosure: r.publicDisclosure,
    attachments: r.attachments,
    consultation: r.consultation,
    pastConsultations: r.pastConsultations,
    promulgation: r.promulgation,
    amendedByDraftId: r.amendedByDraftId,
    repealedByDraftId: r.repealedByDraftId,
    nextDueAt: r.nextDueAt,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
    version: r.draftVersion,
  };
}

/** Drafts written before the list records existed also carried `search`; it is not the draft's. */
function fromRecord(record: Draft & { version: number; search?: unknown }): StoredDraft {
  const { search: _search, ...draft } = record;
  return draft;
}

const SORT_INDEX: Record<DraftSort, string> = {
  updatedAt: 'updated_at',
  createdAt: 'created_at',
  closesAt: 'closes_at',
  code: 'code',
};

/** Writes the list record of a saved draft, in the draft's transaction. */
async function putSummary(summaries: Collection<SummaryRecord>, saved: StoredDraft) {
  const existing = await summaries.get(saved.id);
  if (existing) await summaries.update({ ...toSummary(saved), version: existing.version });
  else await summaries.insert(toSummary(saved));
}

function unitOfWork(tx: Transaction, names: BusNames): DraftUnitOfWork {
  const drafts = tx.collection<Draft>(draftsCollection);
  const summaries = tx.collection<SummaryRecord>(draftSummariesCollection);
  return {
    async getDraft(id) {
      const record = await drafts.get(id);
      return record ? fromRecord(record) : null;
    },
    async insertDraft(draft) {
      const saved = fromRecord(await drafts.insert(draft));
      await summaries.insert(toSummary(saved));
      return saved;
    },
    async updateDraft(draft) {
      const saved = fromRecord(await drafts.update(draft));
      await putSummary(summaries, saved);
      return saved;
    },
    async addVersion(version) {
      await tx.collection<DraftVersion>(versionsCollection).insert(version);
    },
    async addAudit(entry) {
      await tx.collection<AuditEntry>(auditCollection).insert(entry);
    },
    guard: (key) => tx.guard(key),
    async enqueueEvents(events: readonly EventEnvelope[]) {
      await tx.enqueue(events.map((e) => toOutboxMessage(names, e)));
    },
  };
}

/** The draft repository on the storage contract (SQLite or MongoDB). */
export function createDraftRepository(
  store: Store,
  names: BusNames,
  onCommit: () => void,
): DraftRepository {
  const drafts = store.collection<Draft>(draftsCollection);
  const summaries = store.collection<SummaryRecord>(draftSummariesCollection);
  const versions = store.collection<DraftVersion>(versionsCollection);
  const audit = store.collection<AuditEntry>(auditCollection);

  function filterOf(query: DraftQuery): Filter {
    const filter: Record<string, Filter[string]> = {};
    if (query.statuses.length > 0) filter.status = { $in: [...query.statuses] };
    if (query.agencyId) filter.agency_id = query.agencyId;
    if (query.documentType) filter.document_type = query.documentType;
    if (query.unitIds.length > 0) filter.unit_ids = { $in: [...query.unitIds] };
    if (query.language) filter.languages = query.language;
    if (query.titleWords.length > TITLE_WORD_INDEXES.length)
      throw new Error(`at most ${TITLE_WORD_INDEXES.length} title words per query`);
    query.titleWords.forEach((word, i) => {
      filter[TITLE_WORD_INDEXES[i] ?? ''] = word;
    });
    // Internal drafts are listed only to admins, and to editors asking for their own agency's.
    const ownAgency =
      query.visibility.agencyId !== undefined && query.agencyId === query.visibility.agencyId;
    if (query.visibility.publicOnly && !ownAgency) filter.public = true;
    return filter;
  }

  async function getDrafts(ids: readonly string[]): Promise<StoredDraft[]> {
    if (ids.length === 0) return [];
    const page = await drafts.find({ filter: { id: { $in: [...ids] } }, limit: ids.length });
    return page.items.map(fromRecord);
  }

  return {
    async transaction(work) {
      const result = await store.transaction((tx) => work(unitOfWork(tx, names)));
      onCommit();
      return result;
    },
    async getDraft(id) {
      const record = await drafts.get(id);
      return record ? fromRecord(record) : null;
    },
    getDrafts,
    async getVersion(draftId, number) {
      return versions.get(`${draftId}:${number}`);
    },
    async listDrafts(query): Promise<Page<StoredDraft>> {
      const sort: SortKey[] = [
        { field: SORT_INDEX[query.sort], direction: query.descending ? 'desc' : 'asc' },
      ];
      const filter = filterOf(query);
      const [page, totalCount] = await Promise.all([
        summaries.find({ filter, sort, limit: query.pageSize, after: query.after }),
        query.withTotal ? summaries.count(filter) : null,
      ]);
      if (query.view === 'summary')
        return {
          items: page.items.map(fromSummary),
          nextCursor: page.nextCursor,
          // Each item's cursor costs a checksum: made only when asked for.
          cursors: query.withCursors ? page.cursors : [],
          totalCount,
        };
      // Whole drafts for this page only, in one read.
      const byId = new Map((await getDrafts(page.items.map((s) => s.id))).map((d) => [d.id, d]));
      const pageCursors = query.withCursors ? page.cursors : [];
      const items: StoredDraft[] = [];
      const cursors: string[] = [];
      page.items.forEach((summary, i) => {
        const draft = byId.get(summary.id);
        if (!draft) return;
        items.push(draft);
        if (query.withCursors) cursors.push(pageCursors[i] ?? '');
      });
      return { items, nextCursor: page.nextCursor, cursors, totalCount };
    },
    async listAudit(draftId, pageSize, after) {
      const filter = { draft_id: draftId };
      const [page, totalCount] = await Promise.all([
        audit.find({ filter, sort: [{ field: 'at', direction: 'asc' }], limit: pageSize, after }),
        audit.count(filter),
      ]);
      return { items: page.items, nextCursor: page.nextCursor, cursors: page.cursors, totalCount };
    },
    async due(now, limit) {
      const page = await drafts.find({
        filter: { next_due_at: { $lte: now.toISOString() } },
        sort: [{ field: 'next_due_at', direction: 'asc' }],
        limit,
      });
      return page.items.map(fromRecord);
    },
    async backfillSummaries() {
      // Drafts are never deleted and each write keeps its list record, so equal counts mean done.
      if ((await summaries.count()) === (await drafts.count())) return 0;
      let written = 0;
      let after: string | null = null;
      do {
        const page = await drafts.find({
          sort: [{ field: 'id', direction: 'asc' }],
          limit: 200,
          after,
        });
        const ids = page.items.map((d) => d.id);
        const have = new Set(
          (
            await summaries.find({ filter: { id: { $in: ids } }, limit: ids.length || 1 })
          ).items.map((s) => s.id),
        );
        for (const record of page.items) {
          if (have.has(record.id)) continue;
          try {
            await summaries.insert(toSummary(fromRecord(record)));
            written += 1;
          } catch (err) {
            // Another replica booting at the same time wrote it first.
            if (!(err instanceof AlreadyExistsError)) throw err;
          }
        }
        after = page.nextCursor;
      } while (after);
      return written;
    },
  };
}
