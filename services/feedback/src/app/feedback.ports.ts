import type { CapWindow } from '@pcn/platform';
import type { EventEnvelope } from '@pcn/events';
import type {
  Channel,
  DraftInfo,
  DraftVersionRecord,
  FeedbackGroup,
  FeedbackRecord,
  FeedbackState,
  FlagRecord,
  HideReason,
  Stance,
  UnitRecord,
} from './feedback.model.js';
import type { PublishedSynthesis } from './synthesis.model.js';

/** A record as stored, with the store's version for optimistic concurrency. */
export type Stored<T> = T & { version: number };
export type StoredFeedback = Stored<FeedbackRecord>;

/** What one transaction can do; everything commits together, events included. */
export interface FeedbackUnitOfWork {
  getDraft(id: string): Promise<Stored<DraftInfo> | null>;
  putDraft(info: DraftInfo | Stored<DraftInfo>): Promise<void>;
  /** Keeps a version's articles and texts; a replay of the same event writes the same record. */
  putDraftVersion(record: DraftVersionRecord): Promise<void>;
  /** The comments already stored under any of these (scoped) idempotency keys. */
  findByIdempotencyKeys(keys: readonly string[]): Promise<Map<string, StoredFeedback>>;
  /** All or none; a taken idempotency key or receipt code raises AlreadyExistsError. */
  insertFeedback(records: readonly FeedbackRecord[]): Promise<void>;
  getFeedback(id: string): Promise<StoredFeedback | null>;
  /** Raises ConflictError when the comment changed since it was read. */
  updateFeedback(record: StoredFeedback): Promise<StoredFeedback>;
  /** Records one user's flag; false when that user had flagged the comment already. */
  addFlag(flag: FlagRecord): Promise<boolean>;
  putUnits(units: readonly UnitRecord[]): Promise<number>;
  /** Puts events in the outbox with this write; the relay publishes them once it commits. */
  enqueueEvents(events: readonly EventEnvelope[]): Promise<void>;
  /** The intake caps' windows by id (see intake-caps.ts); absent ones are empty. */
  getCapWindows(ids: readonly string[]): Promise<Map<string, CapWindow>>;
  putCapWindows(windows: readonly CapWindow[]): Promise<void>;
  getSynthesis(draftId: string): Promise<PublishedSynthesis | null>;
  /** Freezes a published report; a second one for the draft raises AlreadyExistsError. */
  insertSynthesis(record: PublishedSynthesis): Promise<void>;
}

export interface FeedbackQuery {
  draftId: string;
  articleId?: string;
  states: readonly FeedbackState[];
  stance?: Stance;
  channel?: Channel;
  groupId?: string;
  /** Only comments in one of these groups (the campaign filter); an empty list matches none. */
  groupIds?: readonly string[];
  unitId?: string;
  pageSize: number;
  after: string | null;
  /** Newest first; intake order (ids are UUIDv7) otherwise. */
  descending: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FeedbackRepository {
  transaction<R>(work: (uow: FeedbackUnitOfWork) => Promise<R>): Promise<R>;
  getDraft(id: string): Promise<DraftInfo | null>;
  /** Deletes up to 1,000 intake cap windows that expired before `before`; how many. */
  purgeCapWindows(before: Date): Promise<number>;
  /** The draft a cited code names (see `draftCodeKey`). */
  findDraftByCode(codeKey: string): Promise<DraftInfo | null>;
  /** Paths of the units known from the directory events; unknown ids are left out. */
  unitPaths(ids: readonly string[]): Promise<Map<string, string[]>>;
  getFeedback(id: string): Promise<StoredFeedback | null>;
  findByIdempotencyKeys(keys: readonly string[]): Promise<Map<string, StoredFeedback>>;
  listFeedback(query: FeedbackQuery): Promise<Page<StoredFeedback>>;
  /** Comments of a group, in intake order, a page at a time. */
  listGroup(
    draftId: string,
    groupId: string,
    pageSize: number,
    after: string | null,
  ): Promise<Page<StoredFeedback>>;
  /** Answered comments of a draft whose answers are not yet published, in intake order. */
  listAnswerPending(
    draftId: string,
    pageSize: number,
    after: string | null,
  ): Promise<Page<StoredFeedback>>;
  /** One person's comments across drafts (see `ownerKeyOf`), newest first. */
  listOwn(ownerKey: string, pageSize: number, after: string | null): Promise<Page<StoredFeedback>>;
  /** Every comment in intake order, a page at a time (erasure: no index holds every contact field). */
  scanFeedback(pageSize: number, after: string | null): Promise<Page<StoredFeedback>>;
  /** Hidden comments of a draft per reason. */
  countHidden(draftId: string): Promise<{ reason: HideReason; count: number }[]>;
  /**
   * For the grouping step that runs just after intake: comments of a draft not yet in a group, in
   * intake order, served by the `ungrouped` index.
   */
  listUngrouped(
    draftId: string,
    pageSize: number,
    after: string | null,
  ): Promise<Page<StoredFeedback>>;
  /** The size of each of these groups that exists. */
  groupSizes(groupIds: readonly string[]): Promise<Map<string, number>>;
  /** A draft's groups of at least `minSize` (≥ 2) comments. */
  groupsFromSize(draftId: string, minSize: number): Promise<string[]>;
  /** Puts comments in a group (and off the ungrouped queue), in one transaction. */
  assignGroup(ids: readonly string[], group: FeedbackGroup): Promise<void>;
  /** The published (frozen) synthesis report of a draft, if any. */
  getSynthesis(draftId: string): Promise<PublishedSynthesis | null>;
  /** A version's articles and texts, as its draft event carried them. */
  getDraftVersion(draftId: string, version: number): Promise<DraftVersionRecord | null>;
  /** Every unit known from the directory events, a page at a time (the report's unit tree). */
  listUnits(pageSize: number, after: string | null): Promise<Page<UnitRecord>>;
}
