import type { EventEnvelope } from '@pcn/events';
import type { AuditEntry, Draft, DraftStatus, DraftVersion } from './draft.model.js';

/** A draft as stored, with the store's version for optimistic concurrency. */
export type StoredDraft = Draft & { version: number };

/** What one transaction can do; everything commits together, events included. */
export interface DraftUnitOfWork {
  getDraft(id: string): Promise<StoredDraft | null>;
  /** Raises AlreadyExistsError when the code is taken. */
  insertDraft(draft: Draft): Promise<StoredDraft>;
  /** Raises ConflictError when the draft changed since it was read. */
  updateDraft(draft: StoredDraft): Promise<StoredDraft>;
  addVersion(version: DraftVersion): Promise<void>;
  addAudit(entry: AuditEntry): Promise<void>;
  /** Puts events in the outbox with this write; the relay publishes them once it commits. */
  enqueueEvents(events: readonly EventEnvelope[]): Promise<void>;
  /**
   * Conflicts with every other transaction guarding `key` (the store's `Transaction.guard`): for a
   * rule that reads one draft and writes another (MongoDB write skew).
   */
  guard(key: string): Promise<void>;
}

export type DraftSort = 'updatedAt' | 'createdAt' | 'closesAt' | 'code';

export interface DraftQuery {
  statuses: readonly DraftStatus[];
  agencyId?: string;
  /** Drafts targeting any of these units (the gateway expands a unit's subtree). */
  unitIds: readonly string[];
  language?: string;
  documentType?: string;
  /**
   * Every word must appear in a published title (see `searchWords`); at most
   * `TITLE_QUERY_LIMITS.words`, each answered by an index of its own.
   */
  titleWords: readonly string[];
  sort: DraftSort;
  descending: boolean;
  pageSize: number;
  after: string | null;
  /** Only publicly readable drafts, unless the caller's scope adds its own agency's. */
  visibility: { publicOnly: boolean; agencyId?: string };
  /** Whether to count every match; when false `Page.totalCount` is null. */
  withTotal: boolean;
  /** Whether to give each item's cursor; when false `Page.cursors` is empty. */
  withCursors: boolean;
  /** `summary`: drafts without their body (`content.chapters` empty), never loaded. */
  view: 'full' | 'summary';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** For each item, the cursor that resumes right after it. */
  cursors: string[];
  /** Null when the query did not ask for it. */
  totalCount: number | null;
}

export interface DraftRepository {
  transaction<R>(work: (uow: DraftUnitOfWork) => Promise<R>): Promise<R>;
  getDraft(id: string): Promise<StoredDraft | null>;
  getDrafts(ids: readonly string[]): Promise<StoredDraft[]>;
  getVersion(draftId: string, number: number): Promise<DraftVersion | null>;
  listDrafts(query: DraftQuery): Promise<Page<StoredDraft>>;
  listAudit(draftId: string, pageSize: number, after: string | null): Promise<Page<AuditEntry>>;
  /** Drafts whose scheduled work is due, oldest first. */
  due(now: Date, limit: number): Promise<StoredDraft[]>;
  /**
   * Writes the list records of drafts stored before they existed; returns how many. Run at boot:
   * cheap when there is nothing to do.
   */
  backfillSummaries(): Promise<number>;
}
