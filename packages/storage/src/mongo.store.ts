import { AsyncLocalStorage } from 'node:async_hooks';
import {
  MongoBulkWriteError,
  MongoClient,
  MongoError,
  MongoServerError,
  type AnyBulkWriteOperation,
  type ClientSession,
  type Collection as MongoCollection,
  type Db,
  type Document,
  type Filter as MongoFilter,
  type MongoClientOptions,
  type WriteError,
} from 'mongodb';
import { AlreadyExistsError, ConflictError, InvalidArgumentError, withSpan } from '@pcn/platform';
import {
  assertDocument,
  documentJson,
  firstDuplicate,
  readIndexValue,
  readMultiValues,
  resolveSpec,
  type ResolvedIndex,
  type ResolvedSpec,
} from './collection-spec.js';
import { assertStorable, assertWellFormed } from './document-rules.js';
import { compileFilter } from './filter.js';
import { planCountBy, planFind, toPage } from './find-plan.js';
import {
  assertPinnedOptions,
  mongoClientOptions,
  pingOptions,
  TRANSACTION_OPTIONS,
} from './mongo.options.js';
import { indexDefinitions, isCompanionName } from './mongo.indexes.js';
import { compileQuery, compileSort, fieldPath, INDEX_FIELD } from './mongo.query.js';
import {
  duePrefix,
  truncateError,
  validateDate,
  validateInboxKey,
  validateGuardKey,
  validateLease,
  validateOutboxMessages,
  validateAfterSeq,
  validatePendingLimit,
} from './outbox-rules.js';
import { Mutex } from './mutex.js';
import type { StoreLogger } from './store-logger.js';
import {
  NESTED_TRANSACTION,
  STORE_INSIDE_TRANSACTION,
  TRANSACTION_FINISHED,
  TransactionUsageError,
} from './transaction-usage.js';
import type {
  Collection,
  CollectionSpec,
  DocumentBase,
  FindOptions,
  Filter,
  GroupCount,
  JsonScalar,
  OutboxMessage,
  OutboxReader,
  OutboxStats,
  Page,
  PendingOutboxMessage,
  Store,
  Stored,
  Transaction,
} from './store.contract.js';

export interface MongoStoreOptions {
  /** Connection string of a replica set (transactions need one). */
  url: string;
  /** Database holding this service's collections. */
  database: string;
  logger?: StoreLogger;
  /** Extra driver options, for example TLS settings. */
  clientOptions?: MongoClientOptions;
}

/**
 * Connects to MongoDB and returns a store. Transactions use `session.withTransaction`, which
 * retries the work on transient conflicts (write conflicts between concurrent transactions), so
 * `work` must not have effects outside the store. Operations inside one transaction must be
 * awaited one after another (the driver does not support parallel operations in a transaction).
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const client = new MongoClient(options.url, mongoClientOptions(options.clientOptions));
  assertPinnedOptions(client.options);
  await client.connect();
  try {
    const store = new MongoStore(client, client.db(options.database), options.logger);
    await store.init();
    return store;
  } catch (err) {
    await client.close();
    throw err;
  }
}

// Persisted names of the store's own collections: never rename without a migration.
const OUTBOX = 'pcn_outbox';
const INBOX = 'pcn_inbox';
const LEASES = 'pcn_leases';
const COUNTERS = 'pcn_counters';
const META = 'pcn_meta';
const GUARDS = 'pcn_guards';
const OUTBOX_SEQ = 'outbox_seq';
/** Guard documents unused for a day are deleted by MongoDB's TTL monitor; see `guardWrite`. */
const GUARD_TTL_SECONDS = 86_400;

const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;
const INDEX_NOT_FOUND = 27;

/** A collection document: see `mongo.query.ts` for the layout. */
interface DocRecord {
  _id: string;
  version: number;
  doc: Document;
  ix: Document;
}

interface OutboxRecord {
  _id: string;
  seq: number;
  subject: string;
  payload: string;
  createdAt: Date;
  publishedAt: Date | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  /** Absent on rows written before tracing, and with tracing off. */
  traceparent?: string;
}

interface InboxRecord {
  _id: string;
  consumer: string;
  eventId: string;
  processedAt: Date;
}

interface LeaseRecord {
  _id: string;
  holder: string;
  expiresAt: Date;
}

interface GuardRecord {
  _id: string;
  /** Times guarded: `$inc` changes the document on every call, see `guardWrite`. */
  n: number;
  at: Date;
}

/**
 * @internal The write behind `tx.guard(key)`. It must change the document every time: MongoDB
 * skips an update that changes nothing (a `$set` to the same value), and a skipped write takes no
 * write lock, so two transactions would not conflict. `$inc` always changes it. An upsert, so
 * the first guard of a key creates it; two transactions creating it at once also conflict (or
 * clash on `_id`, which `guardIn` turns into a retry). Exported for tests.
 */
export function guardWrite(key: string, now: Date) {
  return {
    filter: { _id: key },
    update: { $inc: { n: 1 }, $set: { at: now } },
    options: { upsert: true },
  } as const;
}

interface CounterRecord {
  _id: string;
  value: number;
}

interface MetaRecord {
  _id: string;
  /** `multi` is absent in records written before multi-valued indexes existed. */
  indexes: { name: string; path: string; unique: boolean; multi?: boolean }[];
}

/**
 * Thrown inside a transaction when a concurrent transaction won a race for a key we had checked
 * was free. It carries MongoDB's TransientTransactionError label, so `withTransaction` aborts and
 * reruns the work, which then sees the winner's write (and, for the inbox, returns false).
 */
class TransientRaceError extends MongoError {
  constructor(message: string) {
    super(message);
    this.addErrorLabel('TransientTransactionError');
  }
}

function isDuplicateKey(err: unknown): err is MongoServerError {
  if (err instanceof MongoBulkWriteError) {
    // `writeErrors` is one error or an array of them.
    const errors = ([] as WriteError[]).concat(err.writeErrors);
    if (errors.some((e) => e.code === DUPLICATE_KEY)) return true;
  }
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}

function hasCode(err: unknown, code: number): boolean {
  return err instanceof MongoServerError && err.code === code;
}

/** Names the index of a duplicate-key error without repeating its message, which holds the value. */
function duplicateError(err: MongoServerError, resolved: ResolvedSpec): AlreadyExistsError {
  const indexName = /index: (\S+)/.exec(err.message)?.[1];
  const index = resolved.indexes.find((i) => i.name === indexName);
  return alreadyExists(resolved, index);
}

function alreadyExists(
  resolved: ResolvedSpec,
  index: ResolvedIndex | undefined,
): AlreadyExistsError {
  return new AlreadyExistsError(
    index
      ? `${resolved.name}: another document already has this ${index.name}`
      : `${resolved.name}: a document with this id already exists`,
  );
}

function validateVersion(version: unknown, field: string): number {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new InvalidArgumentError([{ field, description: 'must be a positive integer' }]);
  }
  return version;
}

function validateId(id: unknown): string {
  if (typeof id !== 'string') {
    throw new InvalidArgumentError([{ field: 'id', description: 'must be a string' }]);
  }
  // Encoded as UTF-8, a lone surrogate would become U+FFFD and could name another document.
  assertWellFormed(id, 'id');
  return id;
}

/**
 * The record for a document at `version`. The document goes through JSON first so that MongoDB
 * stores exactly what SQLite would (no undefined, no Dates, no class instances).
 */
/** @internal Exported for tests. */
export function toRecord<T extends DocumentBase>(
  resolved: ResolvedSpec,
  doc: T,
  version: number,
): { record: DocRecord; stored: Stored<T> } {
  assertDocument(doc);
  const json = documentJson(doc);
  const clean = JSON.parse(json) as Document;
  assertStorable(resolved, json, clean);
  const ix: Document = {};
  for (const index of resolved.scalarIndexes) {
    const value = readIndexValue(clean, index);
    if (value !== null) ix[index.name] = value;
  }
  for (const index of resolved.multiIndexes) {
    const values = readMultiValues(clean, index);
    if (values.length > 0) ix[index.name] = values;
  }
  const stored = { ...clean, version } as Stored<T>;
  return { record: { _id: doc.id, version, doc: clean, ix }, stored };
}

function fromRecord<T extends DocumentBase>(record: DocRecord): Stored<T> {
  return { ...record.doc, id: record._id, version: record.version } as Stored<T>;
}

/** Where an operation runs: on its own, or inside a transaction's session. */
export interface OpContext {
  readonly session: ClientSession | undefined;
  /** Throws if this context may not run an operation now (see `TransactionUsageError`). */
  check(): void;
  /**
   * Runs one operation. Inside a transaction, operations run one at a time: the driver adds
   * `startTransaction: true` to every command sent while the session is still starting its
   * transaction, and only leaves that state when the first reply arrives (mongodb
   * `src/sessions.ts`, `applySession` and `updateSessionFromResponse`), so operations sent in
   * parallel would each try to start it. SQLite runs a `Promise.all` inside a transaction one
   * step after another; so does this.
   */
  run<R>(operation: () => Promise<R>): Promise<R>;
}

class MongoStoreCollection<T extends DocumentBase> implements Collection<T> {
  readonly spec: CollectionSpec;
  readonly #coll: MongoCollection<DocRecord>;

  constructor(
    private readonly store: MongoStore,
    private readonly resolved: ResolvedSpec,
    private readonly ctx: OpContext,
  ) {
    this.spec = resolved.spec;
    this.#coll = store.db.collection<DocRecord>(resolved.name);
  }

  get #session() {
    this.ctx.check();
    return this.ctx.session;
  }

  get(id: string): Promise<Stored<T> | null> {
    return this.ctx.run(async () => {
      const key = validateId(id);
      const record = await this.#coll.findOne({ _id: key }, { session: this.#session });
      return record ? fromRecord<T>(record) : null;
    });
  }

  insert(doc: T): Promise<Stored<T>> {
    return this.ctx.run(async () => {
      const { record, stored } = toRecord(this.resolved, doc, 1);
      await this.#write([record], undefined, (session) =>
        this.#coll.insertOne(record, { session }),
      );
      return stored;
    });
  }

  insertMany(docs: readonly T[]): Promise<void> {
    return this.ctx.run(() => this.#insertMany(docs));
  }

  async #insertMany(docs: readonly T[]): Promise<void> {
    const records = docs.map((doc) => toRecord(this.resolved, doc, 1).record);
    if (records.length === 0) return;
    this.#rejectDuplicatesWithin(records);
    if (this.ctx.session) {
      await this.#write(records, undefined, (session) =>
        this.#coll.insertMany(records, { session, ordered: true }),
      );
      return;
    }
    // All or none outside a transaction needs one of our own.
    try {
      await this.store.runTransaction((session) =>
        this.#coll.insertMany(records, { session, ordered: true }),
      );
    } catch (err) {
      if (isDuplicateKey(err)) throw duplicateError(err, this.resolved);
      throw err;
    }
  }

  update(doc: Stored<T>): Promise<Stored<T>> {
    return this.ctx.run(() => this.#update(doc));
  }

  async #update(doc: Stored<T>): Promise<Stored<T>> {
    assertDocument(doc);
    const expected = validateVersion(doc.version, 'version');
    const { record, stored } = toRecord(this.resolved, doc, expected + 1);
    const result = await this.#write([record], record._id, (session) =>
      this.#coll.replaceOne({ _id: record._id, version: expected }, record, { session }),
    );
    if (result.matchedCount === 0) throw await this.#conflict(record._id, expected);
    return stored;
  }

  delete(id: string, expectedVersion?: number): Promise<boolean> {
    return this.ctx.run(() => this.#delete(id, expectedVersion));
  }

  async #delete(id: string, expectedVersion?: number): Promise<boolean> {
    const key = validateId(id);
    const session = this.#session;
    if (expectedVersion === undefined) {
      return (await this.#coll.deleteOne({ _id: key }, { session })).deletedCount > 0;
    }
    const expected = validateVersion(expectedVersion, 'expectedVersion');
    const { deletedCount } = await this.#coll.deleteOne(
      { _id: key, version: expected },
      { session },
    );
    if (deletedCount === 0) throw await this.#conflict(key, expected);
    return true;
  }

  find(options?: FindOptions): Promise<Page<T>> {
    return this.ctx.run(() => this.#find(options));
  }

  async #find(options?: FindOptions): Promise<Page<T>> {
    const plan = planFind(this.resolved, options);
    const records = await this.#coll
      .find(compileQuery(plan.where) as MongoFilter<DocRecord>, {
        session: this.#session,
        sort: compileSort(plan.sort),
        limit: plan.limit + 1,
      })
      .toArray();
    return toPage(this.resolved, plan, records.map(fromRecord<T>));
  }

  count(filter?: Filter): Promise<number> {
    return this.ctx.run(() => {
      const query = compileQuery(compileFilter(this.resolved, filter)) as MongoFilter<DocRecord>;
      return this.#coll.countDocuments(query, { session: this.#session });
    });
  }

  countBy(index: string, filter?: Filter): Promise<GroupCount[]> {
    return this.ctx.run(() => this.#countBy(index, filter));
  }

  async #countBy(index: string, filter?: Filter): Promise<GroupCount[]> {
    const plan = planCountBy(this.resolved, index, filter);
    const groups = await this.#coll
      .aggregate<{ _id: JsonScalar | undefined; count: number }>(
        [
          { $match: compileQuery(plan.where) },
          // A missing value (null is never stored in `ix`) groups under null.
          { $group: { _id: { $ifNull: [`$${fieldPath(plan.index)}`, null] }, count: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ],
        { session: this.#session },
      )
      .toArray();
    return groups.map((g) => ({ key: g._id ?? null, count: g.count }));
  }

  /**
   * Runs a write. Inside a transaction, a duplicate key would make the server abort the whole
   * transaction, so clashes are looked for first and reported as `AlreadyExistsError` with the
   * transaction still usable (as on SQLite); a clash that appears between the check and the write
   * is a race, and the work is retried. Outside a transaction the server's error is mapped.
   */
  async #write<R>(
    records: readonly DocRecord[],
    updatingId: string | undefined,
    write: (session: ClientSession | undefined) => Promise<R>,
  ): Promise<R> {
    const session = this.#session;
    if (session) await this.#precheck(records, updatingId, session);
    try {
      return await write(session);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (session) {
        throw new TransientRaceError(`${this.resolved.name}: concurrent insert of a key`);
      }
      throw duplicateError(err, this.resolved);
    }
  }

  async #precheck(
    records: readonly DocRecord[],
    updatingId: string | undefined,
    session: ClientSession,
  ): Promise<void> {
    const unique = this.resolved.indexes.filter((index) => index.unique);
    const clauses: Document[] = [];
    if (updatingId === undefined) clauses.push({ _id: { $in: records.map((r) => r._id) } });
    for (const index of unique) {
      const values = records.map((r) => r.ix[index.name] as unknown).filter((v) => v !== undefined);
      if (values.length > 0) clauses.push({ [fieldPath(index.name)]: { $in: values } });
    }
    if (clauses.length === 0) return;
    const query: Document =
      updatingId === undefined ? { $or: clauses } : { _id: { $ne: updatingId }, $or: clauses };
    const clash = await this.#coll.findOne(query as MongoFilter<DocRecord>, {
      session,
      projection: { _id: 1, [INDEX_FIELD]: 1 },
    });
    if (!clash) return;
    if (updatingId === undefined && records.some((r) => r._id === clash._id)) {
      throw alreadyExists(this.resolved, undefined);
    }
    const index = unique.find((i) =>
      records.some((r) => r.ix[i.name] !== undefined && r.ix[i.name] === clash.ix[i.name]),
    );
    throw alreadyExists(this.resolved, index);
  }

  #rejectDuplicatesWithin(records: readonly DocRecord[]): void {
    if (firstDuplicate(records.map((r) => r._id)) !== undefined) {
      throw alreadyExists(this.resolved, undefined);
    }
    for (const index of this.resolved.indexes) {
      if (!index.unique) continue;
      const values = records.map((r) => r.ix[index.name] as unknown).filter((v) => v !== undefined);
      if (firstDuplicate(values) !== undefined) throw alreadyExists(this.resolved, index);
    }
  }

  async #conflict(id: string, expected: number): Promise<ConflictError> {
    const current = await this.#coll.findOne(
      { _id: id },
      { session: this.ctx.session, projection: { version: 1 } },
    );
    return new ConflictError(this.resolved.name, id, expected, current?.version ?? null);
  }
}

/**
 * @internal The context of a transaction's operations: one at a time, in call order, and only
 * while `isActive()`. Exported for tests.
 */
export function transactionContext(
  session: ClientSession | undefined,
  isActive: () => boolean,
): OpContext {
  const steps = new Mutex();
  const check = () => {
    if (!isActive()) throw new TransactionUsageError(TRANSACTION_FINISHED);
  };
  return {
    session,
    check,
    run: (operation) =>
      steps.run(() => {
        check();
        return operation();
      }),
  };
}

class MongoTransaction implements Transaction {
  #active = true;
  readonly #ctx: OpContext;

  constructor(
    private readonly store: MongoStore,
    private readonly session: ClientSession,
  ) {
    this.#ctx = transactionContext(session, () => this.#active);
  }

  get active(): boolean {
    return this.#active;
  }

  finish(): void {
    this.#active = false;
  }

  collection<T extends DocumentBase>(spec: CollectionSpec): Collection<T> {
    return this.store.collectionIn<T>(spec, this.#ctx);
  }

  enqueue(messages: readonly OutboxMessage[]): Promise<void> {
    return this.#ctx.run(() => this.store.enqueueIn(this.session, messages));
  }

  markProcessed(consumer: string, eventId: string): Promise<boolean> {
    return this.#ctx.run(() => this.store.markProcessedIn(this.session, consumer, eventId));
  }

  guard(key: string): Promise<void> {
    return this.#ctx.run(() => this.store.guardIn(this.session, key));
  }
}

/** What an index's stored values are derived from; a change means re-extracting them. */
function indexBasis(path: string, multi: boolean): string {
  return multi ? `${path}[]` : path;
}

function inboxKey(consumer: string, eventId: string): string {
  // NUL cannot occur in a consumer name, so the key is unambiguous.
  return `${consumer}\u0000${eventId}`;
}

/** @internal Exported so that tests can build one on a client that never connects. */
export class MongoStore implements Store {
  readonly kind = 'mongodb';
  readonly outbox: OutboxReader;
  readonly #states = new Map<string, ResolvedSpec>();
  readonly #currentTx = new AsyncLocalStorage<MongoTransaction>();
  /** Operations on the store itself; refused from inside a transaction's work, as on SQLite. */
  readonly #outside: OpContext = {
    session: undefined,
    check: () => this.#assertOutside(),
    run: async (operation) => {
      this.#assertOutside();
      return operation();
    },
  };
  readonly #outbox: MongoCollection<OutboxRecord>;
  readonly #inbox: MongoCollection<InboxRecord>;
  readonly #leases: MongoCollection<LeaseRecord>;
  readonly #counters: MongoCollection<CounterRecord>;
  readonly #guards: MongoCollection<GuardRecord>;
  readonly #meta: MongoCollection<MetaRecord>;

  constructor(
    private readonly client: MongoClient,
    readonly db: Db,
    private readonly logger: StoreLogger | undefined,
  ) {
    this.#outbox = db.collection<OutboxRecord>(OUTBOX);
    this.#inbox = db.collection<InboxRecord>(INBOX);
    this.#leases = db.collection<LeaseRecord>(LEASES);
    this.#counters = db.collection<CounterRecord>(COUNTERS);
    this.#guards = db.collection<GuardRecord>(GUARDS);
    this.#meta = db.collection<MetaRecord>(META);
    this.outbox = this.#outboxReader();
  }

  /** Creates the store's own collections and indexes (collections are not created inside
   * transactions, where concurrent implicit creation conflicts). */
  async init(): Promise<void> {
    for (const name of [OUTBOX, INBOX, LEASES, COUNTERS, META, GUARDS]) {
      await this.#ensureCollection(name);
    }
    await this.#guards.createIndex(
      { at: 1 },
      { name: 'expire', expireAfterSeconds: GUARD_TTL_SECONDS },
    );
    await this.#outbox.createIndex({ seq: 1 }, { name: 'seq', unique: true });
    await this.#outbox.createIndex({ publishedAt: 1, seq: 1 }, { name: 'pending' });
    try {
      await this.#counters.updateOne(
        { _id: OUTBOX_SEQ },
        { $setOnInsert: { value: 0 } },
        { upsert: true },
      );
    } catch (err) {
      // Another replica created it at the same moment.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async migrate(specs: readonly CollectionSpec[]): Promise<void> {
    this.#assertOutside();
    const resolved = new Map<string, ResolvedSpec>();
    for (const spec of specs) {
      const r = resolveSpec(spec);
      const seen = resolved.get(r.name);
      if (seen && seen.signature !== r.signature) {
        throw new Error(`Collection ${r.name} is declared twice with different indexes`);
      }
      resolved.set(r.name, r);
    }
    for (const r of resolved.values()) {
      await this.#migrateCollection(r);
      this.#states.set(r.name, r);
    }
  }

  collection<T extends DocumentBase>(spec: CollectionSpec): Collection<T> {
    return this.collectionIn<T>(spec, this.#outside);
  }

  /** @internal */
  collectionIn<T extends DocumentBase>(spec: CollectionSpec, ctx: OpContext): Collection<T> {
    const resolved = resolveSpec(spec);
    const migrated = this.#states.get(resolved.name);
    if (!migrated) {
      throw new Error(`Collection ${resolved.name} is not migrated; call store.migrate() at boot`);
    }
    if (migrated.signature !== resolved.signature) {
      throw new Error(`Collection ${resolved.name} was migrated with different indexes`);
    }
    return new MongoStoreCollection<T>(this, resolved, ctx);
  }

  async transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    // A nested transaction would be a second session, invisible to the first and able to
    // deadlock on its writes; SQLite refuses it the same way.
    if (this.#currentTx.getStore()?.active === true) {
      throw new TransactionUsageError(NESTED_TRANSACTION);
    }
    // The commit, as a span of the request's trace (a no-op with tracing off).
    return withSpan('store transaction', { attributes: { 'db.system': 'mongodb' } }, () =>
      this.runTransaction(async (session) => {
        const tx = new MongoTransaction(this, session);
        try {
          return await this.#currentTx.run(tx, () => work(tx));
        } finally {
          tx.finish();
        }
      }),
    );
  }

  /** Throws when called from inside a transaction's work, where `tx` must be used instead. */
  #assertOutside(): void {
    if (this.#currentTx.getStore()?.active === true) {
      throw new TransactionUsageError(STORE_INSIDE_TRANSACTION);
    }
  }

  /** @internal Runs `fn` in a transaction, retried by the driver on transient errors. */
  runTransaction<R>(fn: (session: ClientSession) => Promise<R>): Promise<R> {
    return this.client.withSession({ defaultTransactionOptions: TRANSACTION_OPTIONS }, (session) =>
      session.withTransaction(() => fn(session), TRANSACTION_OPTIONS),
    );
  }

  /** @internal */
  async enqueueIn(session: ClientSession, messages: readonly OutboxMessage[]): Promise<void> {
    validateOutboxMessages(messages);
    if (messages.length === 0) return;
    const ids = messages.map((m) => m.id);
    const outboxExists = () => new AlreadyExistsError('outbox: a message with this id exists');
    if (firstDuplicate(ids) !== undefined) throw outboxExists();
    // Checked first: a duplicate key would abort the transaction on the server.
    const clash = await this.#outbox.findOne(
      { _id: { $in: ids } },
      { session, projection: { _id: 1 } },
    );
    if (clash) throw outboxExists();
    // The counter document serialises enqueuing transactions (a concurrent one hits a write
    // conflict and is retried), so seq order is commit order.
    const counter = await this.#counters.findOneAndUpdate(
      { _id: OUTBOX_SEQ },
      { $inc: { value: messages.length } },
      { session, upsert: true, returnDocument: 'after' },
    );
    if (!counter) throw new Error('The outbox sequence counter could not be read');
    const first = counter.value - messages.length + 1;
    const createdAt = new Date();
    const records: OutboxRecord[] = messages.map((m, i) => ({
      _id: m.id,
      seq: first + i,
      subject: m.subject,
      payload: m.payload,
      createdAt,
      publishedAt: null,
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
      ...(m.traceparent === undefined ? {} : { traceparent: m.traceparent }),
    }));
    try {
      await this.#outbox.insertMany(records, { session, ordered: true });
    } catch (err) {
      if (isDuplicateKey(err)) throw new TransientRaceError('outbox: concurrent insert of an id');
      throw err;
    }
  }

  /** @internal */
  async markProcessedIn(
    session: ClientSession,
    consumer: string,
    eventId: string,
  ): Promise<boolean> {
    validateInboxKey(consumer, eventId);
    const _id = inboxKey(consumer, eventId);
    // Checked first: inserting a duplicate would abort the whole transaction on the server.
    const seen = await this.#inbox.findOne({ _id }, { session, projection: { _id: 1 } });
    if (seen) return false;
    try {
      await this.#inbox.insertOne({ _id, consumer, eventId, processedAt: new Date() }, { session });
    } catch (err) {
      // A concurrent consumer recorded it after our snapshot: rerun, and the rerun returns false.
      if (isDuplicateKey(err)) throw new TransientRaceError('inbox: concurrent record of an event');
      throw err;
    }
    return true;
  }

  /** @internal */
  async guardIn(session: ClientSession, key: string): Promise<void> {
    validateGuardKey(key);
    const { filter, update, options } = guardWrite(key, new Date());
    try {
      await this.#guards.updateOne(filter, update, { ...options, session });
    } catch (err) {
      if (isDuplicateKey(err)) throw new TransientRaceError('guard: concurrent first use of a key');
      throw err;
    }
  }

  async isProcessed(consumer: string, eventId: string): Promise<boolean> {
    this.#assertOutside();
    validateInboxKey(consumer, eventId);
    const seen = await this.#inbox.findOne(
      { _id: inboxKey(consumer, eventId) },
      { projection: { _id: 1 } },
    );
    return seen !== null;
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    this.#assertOutside();
    validateLease(name, holder, ttlMs, now);
    try {
      // Matches when we hold it or it has expired; otherwise the upsert collides with the
      // holder's document on _id, which is how a held lease says no.
      await this.#leases.updateOne(
        { _id: name, $or: [{ holder }, { expiresAt: { $lte: now } }] },
        { $set: { holder, expiresAt: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.#assertOutside();
    await this.#leases.deleteOne({ _id: name, holder });
  }

  /**
   * Nothing to do from here: WiredTiger reuses freed blocks and the journal is recycled at its own
   * pace; `compact` per collection is an operator's maintenance task (see the erasure runbook).
   */
  async scrub(): Promise<void> {
    this.#assertOutside();
    return Promise.resolve();
  }

  /** MongoDB has no client-side lock wait: an unreachable primary surfaces as an error. */
  readonly waitingForLock = false;

  async ping(): Promise<void> {
    this.#assertOutside();
    await this.db.command({ ping: 1 }, pingOptions());
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  #outboxReader(): OutboxReader {
    const outbox = this.#outbox;
    const assertOutside = () => this.#assertOutside();
    return {
      async pending(limit: number, now: Date, afterSeq = 0): Promise<PendingOutboxMessage[]> {
        assertOutside();
        validatePendingLimit(limit);
        validateDate(now, 'now');
        validateAfterSeq(afterSeq);
        const records = await outbox
          // Majority reads: after a failover, never publish a commit that could be rolled back.
          .find(
            { publishedAt: null, seq: { $gt: afterSeq } },
            { sort: { seq: 1 }, limit, readConcern: { level: 'majority' } },
          )
          .toArray();
        const due = duePrefix(
          records.map((record) => ({
            record,
            nextAttemptAtMs: record.nextAttemptAt ? record.nextAttemptAt.getTime() : null,
          })),
          now,
        );
        return due.map(({ record }) => ({
          id: record._id,
          subject: record.subject,
          payload: record.payload,
          seq: record.seq,
          attempts: record.attempts,
          createdAt: record.createdAt.toISOString(),
          ...(record.traceparent === undefined ? {} : { traceparent: record.traceparent }),
        }));
      },
      async markPublished(ids: readonly string[], at: Date): Promise<void> {
        assertOutside();
        validateDate(at, 'at');
        if (ids.length === 0) return;
        await outbox.updateMany(
          { _id: { $in: [...ids] }, publishedAt: null },
          { $set: { publishedAt: at } },
        );
      },
      async markFailed(id: string, error: string, retryAt: Date): Promise<void> {
        assertOutside();
        validateDate(retryAt, 'retryAt');
        await outbox.updateOne(
          { _id: id, publishedAt: null },
          {
            $inc: { attempts: 1 },
            $set: { lastError: truncateError(String(error)), nextAttemptAt: retryAt },
          },
        );
      },
      async prune(before: Date): Promise<number> {
        assertOutside();
        validateDate(before, 'before');
        // `$lt` on a date never matches null, so unpublished messages stay.
        const { deletedCount } = await outbox.deleteMany({ publishedAt: { $lt: before } });
        return deletedCount;
      },
      async stats(): Promise<OutboxStats> {
        assertOutside();
        const [pending] = await outbox
          .aggregate<{ n: number; oldest: Date | null }>([
            { $match: { publishedAt: null } },
            { $group: { _id: null, n: { $sum: 1 }, oldest: { $min: '$createdAt' } } },
          ])
          .toArray();
        const published = await outbox.countDocuments({ publishedAt: { $ne: null } });
        return {
          pending: pending?.n ?? 0,
          published,
          oldestPendingAt: pending?.oldest ? pending.oldest.toISOString() : null,
        };
      },
    };
  }

  async #ensureCollection(name: string): Promise<void> {
    const found = await this.db.listCollections({ name }, { nameOnly: true }).toArray();
    if (found.length > 0) return;
    try {
      await this.db.createCollection(name);
    } catch (err) {
      if (!hasCode(err, NAMESPACE_EXISTS)) throw err;
    }
  }

  /**
   * Creates the collection and its indexes; back-fills `ix` for indexes that are new (or whose
   * path changed) with the same extraction as writes, and drops indexes no longer declared.
   */
  async #migrateCollection(resolved: ResolvedSpec): Promise<void> {
    await this.#ensureCollection(resolved.name);
    const coll = this.db.collection<DocRecord>(resolved.name);
    const metaId = `indexes:${resolved.name}`;
    const meta = await this.#meta.findOne({ _id: metaId });
    // What each index was last built from: its path, and whether it was multi-valued.
    const recorded = new Map(
      (meta?.indexes ?? []).map((i) => [i.name, indexBasis(i.path, i.multi === true)]),
    );
    const existing = (await coll.listIndexes().toArray()) as {
      name?: string;
      key?: Document;
      unique?: boolean;
    }[];

    for (const name of recorded.keys()) {
      if (resolved.byName.has(name)) continue;
      await this.#dropIndex(coll, name);
      this.logger?.info({ collection: resolved.name, index: name }, 'storage: index dropped');
    }

    const toBackfill = resolved.indexes.filter(
      (index) => recorded.get(index.name) !== indexBasis(index.path, index.multi),
    );
    if (toBackfill.length > 0) await this.#backfill(coll, resolved, toBackfill);

    const wanted = resolved.indexes.flatMap(indexDefinitions);
    // Sort companions of indexes no longer declared, or no longer needed (a unique index that
    // became non-unique loses its `-sort`).
    for (const e of existing) {
      if (e.name && isCompanionName(e.name) && !wanted.some((w) => w.name === e.name)) {
        await this.#dropIndex(coll, e.name);
      }
    }
    for (const definition of wanted) {
      const found = existing.find((e) => e.name === definition.name);
      if (
        found &&
        (JSON.stringify(found.key) !== JSON.stringify(definition.key) ||
          Boolean(found.unique) !== (definition.options.unique === true))
      ) {
        await this.#dropIndex(coll, definition.name);
      }
      try {
        await coll.createIndex(definition.key, { name: definition.name, ...definition.options });
      } catch (err) {
        if (isDuplicateKey(err)) {
          throw new Error(
            `Cannot create unique index ${definition.name} on ${resolved.name}: stored documents share a value`,
            { cause: err },
          );
        }
        throw err;
      }
      if (!found) {
        this.logger?.info(
          { collection: resolved.name, index: definition.name },
          'storage: index created',
        );
      }
    }
    await this.#meta.replaceOne(
      { _id: metaId },
      {
        indexes: resolved.indexes.map((i) => ({
          name: i.name,
          path: i.path,
          unique: i.unique,
          multi: i.multi,
        })),
      },
      { upsert: true },
    );
  }

  async #dropIndex(coll: MongoCollection<DocRecord>, name: string): Promise<void> {
    try {
      await coll.dropIndex(name);
    } catch (err) {
      if (!hasCode(err, INDEX_NOT_FOUND)) throw err;
    }
  }

  async #backfill(
    coll: MongoCollection<DocRecord>,
    resolved: ResolvedSpec,
    indexes: readonly ResolvedIndex[],
  ): Promise<void> {
    let batch: AnyBulkWriteOperation<DocRecord>[] = [];
    let filled = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await coll.bulkWrite(batch, { ordered: false });
      filled += batch.length;
      batch = [];
    };
    for await (const record of coll.find({}, { projection: { doc: 1 } })) {
      const set: Document = {};
      const unset: Document = {};
      for (const index of indexes) {
        let value: JsonScalar | JsonScalar[];
        try {
          if (index.multi) {
            const values = readMultiValues(record.doc, index);
            value = values.length > 0 ? values : null;
          } else {
            value = readIndexValue(record.doc, index);
          }
        } catch (err) {
          throw new Error(
            `Cannot index ${resolved.name}.${index.name}: a stored document holds ` +
              (index.multi
                ? `something other than an array of strings and numbers at ${index.path}`
                : `an object or array at ${index.path}`),
            { cause: err },
          );
        }
        if (value === null) unset[fieldPath(index.name)] = '';
        else set[fieldPath(index.name)] = value;
      }
      const update: Document = {};
      if (Object.keys(set).length > 0) update.$set = set;
      if (Object.keys(unset).length > 0) update.$unset = unset;
      batch.push({
        updateOne: { filter: { _id: record._id }, update },
      });
      if (batch.length >= 500) await flush();
    }
    await flush();
    this.logger?.info(
      { collection: resolved.name, indexes: indexes.map((i) => i.name), documents: filled },
      'storage: index values back-filled',
    );
  }
}
