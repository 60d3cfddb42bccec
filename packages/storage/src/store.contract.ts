/**
 * The storage contract every service stores its data behind. Two adapters implement it: SQLite (the
 * embedded default) and MongoDB (production, on a replica set). Both pass `store.contract-suite.ts`.
 *
 * Documents are plain JSON values (no Date objects: timestamps are ISO-8601 strings), identified by
 * a string `id` and versioned by the store for optimistic concurrency.
 */

export type JsonScalar = string | number | boolean | null;
export type JsonValue = JsonScalar | JsonValue[] | { [key: string]: JsonValue };

/** What a collection stores: a JSON object with a string id. */
export interface DocumentBase {
  id: string;
}

/** A stored document: the store owns `version`, starting at 1 and bumped by every update. */
export type Stored<T extends DocumentBase> = T & { version: number };

export interface IndexSpec {
  /** Stable index name; it becomes a column or index name, so never rename it without a migration. */
  name: string;
  /**
   * Dotted path into the document, for example `status` or `window.closesAt`. A scalar value, or
   * an array of them for a `multi` index.
   */
  path: string;
  /** At most one document per non-null value. Not allowed with `multi`. */
  unique?: boolean;
  /**
   * A multi-valued index: the path holds an array of strings and/or finite numbers (null or
   * missing counts as an empty array; repeated elements count once), for example the unit ids a
   * draft targets. A document then matches a condition when its array has an element that does:
   *
   * - a bare value or `$eq`: the array contains the value;
   * - `$in`: the array contains at least one of the values;
   * - `$prefix`: the array contains a string starting with the prefix;
   * - `$gt`, `$gte`, `$lt`, `$lte`: the array contains an element in range (of the operand's type);
   * - `$ne`: the array does NOT contain the value (so empty arrays match);
   * - `null` (bare, `$eq` or in `$in`) matches an empty array, and `$ne: null` a non-empty one.
   *
   * Booleans cannot be stored in or compared with a multi index. A document is returned once
   * however many of its elements match. A multi index cannot be sorted on, counted by
   * (`countBy`) or `unique`. Writing anything but an array of strings and finite numbers (or
   * null) at the path, or an array longer than 10,000 elements, raises `InvalidArgumentError`.
   */
  multi?: boolean;
}

export interface CollectionSpec {
  /** Persisted name: lower_snake_case, never renamed without a migration. */
  name: string;
  /** Fields that can be filtered, sorted and grouped on. Only these can appear in queries. */
  indexes: readonly IndexSpec[];
}

/**
 * A condition on one declared index; a bare scalar means equality. On a `multi` index each
 * operator asks about the elements of the array: see `IndexSpec.multi`.
 */
export type FieldCondition =
  | JsonScalar
  | { $eq: JsonScalar }
  | { $ne: JsonScalar }
  | { $in: readonly JsonScalar[] }
  | { $gt: JsonScalar }
  | { $gte: JsonScalar }
  | { $lt: JsonScalar }
  | { $lte: JsonScalar }
  /** String prefix, for materialised paths such as unit subtrees. */
  | { $prefix: string };

/** Conditions keyed by index name (not path); all must hold. `id` is always available. */
export type Filter = Readonly<Record<string, FieldCondition>>;

export interface SortKey {
  /** Index name (not of a `multi` index), or `id`. */
  field: string;
  direction: 'asc' | 'desc';
}

export interface FindOptions {
  filter?: Filter;
  /**
   * Sorted by these keys, then by `id` ascending as the tie-breaker (in both directions). Nulls
   * sort first in `asc`. An index holding values of several types sorts them by type first, in
   * the engine's order (MongoDB: numbers, strings, booleans; SQLite: booleans as 0 and 1 among
   * the numbers, then strings); within a type by value. Paging returns every document once
   * either way; keep one type per index when the order across types matters.
   */
  sort?: readonly SortKey[];
  /** Page size; default 50, at most 1000. */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`; valid only with the same filter and sort. */
  after?: string | null;
}

export interface Page<T extends DocumentBase> {
  items: Stored<T>[];
  /** Null on the last page. */
  nextCursor: string | null;
  /** For each item, the cursor that resumes right after it (Relay edge cursors). */
  cursors: string[];
}

export interface GroupCount {
  key: JsonScalar;
  count: number;
}

export interface Collection<T extends DocumentBase> {
  readonly spec: CollectionSpec;
  get(id: string): Promise<Stored<T> | null>;
  /**
   * Inserts at version 1. A clash on `id` or a unique index raises `AlreadyExistsError`. Both
   * stores refuse with `InvalidArgumentError`, writing nothing (here and in `insertMany` and
   * `update`): text with a lone UTF-16 surrogate (values, keys, id), a key holding NUL, and a
   * document over `MAX_DOCUMENT_BYTES` (16 MiB) as MongoDB stores it, index copies included.
   */
  insert(doc: T): Promise<Stored<T>>;
  /** Inserts all or none. */
  insertMany(docs: readonly T[]): Promise<void>;
  /**
   * Replaces the document if its stored version is still `doc.version`, and returns it at the next
   * version. A stale or missing document raises `ConflictError`.
   */
  update(doc: Stored<T>): Promise<Stored<T>>;
  /** Deletes; with `expectedVersion`, only at that version (else `ConflictError`). */
  delete(id: string, expectedVersion?: number): Promise<boolean>;
  find(options?: FindOptions): Promise<Page<T>>;
  count(filter?: Filter): Promise<number>;
  /** Counts per distinct value of one index, for example drafts per status. Not multi indexes. */
  countBy(index: string, filter?: Filter): Promise<GroupCount[]>;
}

/** A message committed with a state change, waiting for the relay. */
export interface OutboxMessage {
  /** The event id; published as `Nats-Msg-Id` so that a republish is de-duplicated. */
  id: string;
  /** NATS subject to publish on. */
  subject: string;
  /** Serialised event envelope. */
  payload: string;
  /**
   * W3C `traceparent` of the span that enqueued it, when tracing is on: the relay publishes it in
   * the message headers, so one trace runs from the request to the consumer's effect.
   */
  traceparent?: string;
}

export interface PendingOutboxMessage extends OutboxMessage {
  /** Commit order; the relay publishes in this order. */
  seq: number;
  attempts: number;
  createdAt: string;
}

export interface OutboxStats {
  pending: number;
  published: number;
  oldestPendingAt: string | null;
}

/** The relay's side of the outbox. */
export interface OutboxReader {
  /**
   * Unpublished messages oldest first, cut at the first whose retry time has not come. With
   * `afterSeq`, only messages committed after that one: a pipelining relay reads past what it
   * already has in flight.
   */
  pending(limit: number, now: Date, afterSeq?: number): Promise<PendingOutboxMessage[]>;
  markPublished(ids: readonly string[], at: Date): Promise<void>;
  /** Records a failed attempt and when the next may happen. */
  markFailed(id: string, error: string, retryAt: Date): Promise<void>;
  /** Deletes published messages older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
  stats(): Promise<OutboxStats>;
}

/** What a transaction can do: collections, the outbox and the inbox, committed together. */
export interface Transaction {
  collection<T extends DocumentBase>(spec: CollectionSpec): Collection<T>;
  /** Appends events to the outbox; they are published only if the transaction commits. */
  enqueue(messages: readonly OutboxMessage[]): Promise<void>;
  /**
   * Records that `consumer` has handled `eventId`. Returns false if it already had, in which case
   * the caller must skip its effect. The record commits or rolls back with the effect.
   */
  markProcessed(consumer: string, eventId: string): Promise<boolean>;
  /**
   * Makes this transaction conflict with every other transaction that guards the same `key`: of
   * two that overlap, one commits and the other is retried (its work runs again and sees the
   * winner's writes). Use it for a rule that reads some documents and writes others (a cap, a
   * count, "no other X exists" without a unique index): MongoDB's snapshot isolation lets two such
   * transactions both commit on what they read (write skew), where SQLite runs them one after the
   * other. Name what the rule is about (`subscribe:contact:<key>`); call it before the reads the
   * rule rests on. A rule that reads and writes the same document, or rests on a unique index,
   * needs no guard. `key`: 1 to 512 characters. On SQLite it only checks the key.
   */
  guard(key: string): Promise<void>;
}

export interface Store {
  /** `sqlite` or `mongodb`, for logs and readiness output. */
  readonly kind: string;
  /** Creates tables, collections and indexes for the specs; idempotent. Call once at boot. */
  migrate(specs: readonly CollectionSpec[]): Promise<void>;
  /** Collections outside a transaction: each call is atomic on its own. */
  collection<T extends DocumentBase>(spec: CollectionSpec): Collection<T>;
  /**
   * Runs `work` in one transaction: all its writes commit together or none do. `work` may be
   * retried on a transient conflict, so it must not have side effects outside the store.
   *
   * Isolation differs between the stores, and code must hold on the weaker one:
   * - SQLite runs transactions one after another (serialisable).
   * - MongoDB runs them side by side on snapshot isolation: each reads one point in time, and of
   *   two that write the same document one is retried. Two that read overlapping data but write
   *   different documents can both commit (write skew), so a rule spanning documents must use
   *   `tx.guard()`. Per-document read-then-write (optimistic versions, counters in one
   *   document) and unique indexes are safe on both.
   *
   * Inside `work`, use `tx` only: a nested `store.transaction()` or any `store.*` call raises
   * `TransactionUsageError`, as does `tx` used after the transaction ended. Operations started in
   * parallel on `tx` run one at a time, in call order.
   */
  transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R>;
  readonly outbox: OutboxReader;
  /** Whether `consumer` has handled `eventId`. */
  isProcessed(consumer: string, eventId: string): Promise<boolean>;
  /**
   * A lease with an expiry, so that one replica at a time does singleton work (the outbox relay, the
   * scheduler). Returns true if `holder` holds it now, renewing it when it already did.
   */
  acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /**
   * Makes deleted and overwritten data unreadable from the store's files, after an erasure of
   * personal data (Law 91/2025). SQLite zeroes freed pages (`secure_delete`) and here folds the WAL,
   * which holds the old versions of changed pages, into the database and truncates it.
   */
  scrub(): Promise<void>;
  /** Throws if the store cannot serve; used by readiness. */
  ping(): Promise<void>;
  /**
   * Whether an operation is waiting right now for a lock another connection holds (SQLite's busy
   * wait, up to its busy timeout, during which every other operation queues behind it). The store
   * is busy, not broken: a consumer holding a NATS message keeps it meanwhile rather than let its
   * ack wait run out. Always false on MongoDB, which has no such wait.
   */
  readonly waitingForLock: boolean;
  close(): Promise<void>;
}
