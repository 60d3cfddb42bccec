import type { BusNames, EventEnvelope } from '@pcn/events';
import { toOutboxMessage } from '@pcn/events';
import type { Collection, Filter, SortKey, Store, Transaction } from '@pcn/storage';
import { readableLanguages } from '../app/draft-events.js';
import type { AuditEntry, Draft, DraftVersion } from '../app/draft.model.js';
import type {
  DraftQuery,
  DraftRepository,
  DraftSort,
  DraftUnitOfWork,
  Page,
  StoredDraft,
} from '../app/draft.ports.js';
import { searchWords } from '../app/title-words.js';
import { auditCollection, draftsCollection, versionsCollection } from './draft.collections.js';

/** What is stored: the draft plus fields derived for its indexes. */
type DraftRecord = Draft & {
  search: { languages: string[]; titleWords: string[]; public: boolean };
};

function toRecord(draft: Draft): DraftRecord {
  return {
    ...draft,
    search: {
      languages: readableLanguages(draft),
      titleWords: searchWords(Object.values(draft.content.title).join(' ')),
      public: draft.publicDisclosure && draft.status !== 'drafting',
    },
  };
}

function fromRecord(record: DraftRecord & { version: number }): StoredDraft {
  const { search: _search, ...draft } = record;
  return draft;
}

const SORT_INDEX: Record<DraftSort, string> = {
  updatedAt: 'updated_at',
  createdAt: 'created_at',
  closesAt: 'closes_at',
  code: 'code',
};

/** At most this many candidates are scanned to answer a multi-word title search. */
const MAX_SCAN = 10_000;

function unitOfWork(tx: Transaction, names: BusNames): DraftUnitOfWork {
  const drafts = tx.collection<DraftRecord>(draftsCollection);
  return {
    async getDraft(id) {
      const record = await drafts.get(id);
      return record ? fromRecord(record) : null;
    },
    async insertDraft(draft) {
      return fromRecord(await drafts.insert(toRecord(draft)));
    },
    async updateDraft(draft) {
      const { version, ...rest } = draft;
      return fromRecord(await drafts.update({ ...toRecord(rest), version }));
    },
    async addVersion(version) {
      await tx.collection<DraftVersion>(versionsCollection).insert(version);
    },
    async addAudit(entry) {
      await tx.collection<AuditEntry>(auditCollection).insert(entry);
    },
    async record(events: readonly EventEnvelope[]) {
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
  const drafts: Collection<DraftRecord> = store.collection<DraftRecord>(draftsCollection);
  const versions = store.collection<DraftVersion>(versionsCollection);
  const audit = store.collection<AuditEntry>(auditCollection);

  function filterOf(query: DraftQuery, titleWord?: string): Filter {
    const filter: Record<string, Filter[string]> = {};
    if (query.statuses.length > 0) filter.status = { $in: [...query.statuses] };
    if (query.agencyId) filter.agency_id = query.agencyId;
    if (query.documentType) filter.document_type = query.documentType;
    if (query.unitIds.length > 0) filter.unit_ids = { $in: [...query.unitIds] };
    if (query.language) filter.languages = query.language;
    if (titleWord) filter.title_words = titleWord;
    // Internal drafts are listed only to admins, and to editors asking for their own agency's.
    const ownAgency =
      query.visibility.agencyId !== undefined && query.agencyId === query.visibility.agencyId;
    if (query.visibility.publicOnly && !ownAgency) filter.public = true;
    return filter;
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
    async getDrafts(ids) {
      if (ids.length === 0) return [];
      const page = await drafts.find({ filter: { id: { $in: [...ids] } }, limit: ids.length });
      return page.items.map(fromRecord);
    },
    async getVersion(draftId, number) {
      return versions.get(`${draftId}:${number}`);
    },
    async listDrafts(query): Promise<Page<StoredDraft>> {
      const sort: SortKey[] = [
        { field: SORT_INDEX[query.sort], direction: query.descending ? 'desc' : 'asc' },
      ];
      // One word goes to the index; further words are checked on the candidates it returns.
      const [first, ...others] = [...query.titleWords].sort((a, b) => b.length - a.length);
      const filter = filterOf(query, first);
      if (others.length === 0) {
        const [page, totalCount] = await Promise.all([
          drafts.find({ filter, sort, limit: query.pageSize, after: query.after }),
          drafts.count(filter),
        ]);
        return {
          items: page.items.map(fromRecord),
          nextCursor: page.nextCursor,
          cursors: page.cursors,
          totalCount,
        };
      }
      const matches = (r: DraftRecord) => others.every((w) => r.search.titleWords.includes(w));
      const items: StoredDraft[] = [];
      const cursors: string[] = [];
      let cursor = query.after;
      let scanned = 0;
      do {
        // Never ask for more than still fits, so each page's cursor is exactly where to resume.
        const page = await drafts.find({
          filter,
          sort,
          limit: query.pageSize - items.length,
          after: cursor,
        });
        scanned += page.items.length;
        page.items.forEach((record, i) => {
          if (!matches(record)) return;
          items.push(fromRecord(record));
          cursors.push(page.cursors[i] ?? '');
        });
        cursor = page.nextCursor;
      } while (cursor && items.length < query.pageSize && scanned < MAX_SCAN);
      let totalCount = 0;
      let countCursor: string | null = null;
      let counted = 0;
      do {
        const page = await drafts.find({ filter, sort, limit: 1000, after: countCursor });
        totalCount += page.items.filter(matches).length;
        counted += page.items.length;
        countCursor = page.nextCursor;
      } while (countCursor && counted < MAX_SCAN);
      return { items, nextCursor: cursor, cursors, totalCount };
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
  };
}
