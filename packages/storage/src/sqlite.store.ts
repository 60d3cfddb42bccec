import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AlreadyExistsError, ConflictError, InvalidArgumentError, withSpan } from '@pcn/platform';
import {
  assertDocument,
  documentJson,
  readIndexValue,
  readMultiValues,
  resolveSpec,
  type ResolvedIndex,
  type ResolvedSpec,
} from './collection-spec.js';
import { assertStorable, assertWellFormed } from './document-rules.js';
import { compileFilter } from './filter.js';
import { planCountBy, planFind, toPage } from './find-plan.js';
import { Mutex } from './mutex.js';
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
import type { ElementValue } from './predicate.js';
import {
  compileOrderBy,
  compileWhere,
  indexColumn,
  multiTable,
  multiValueIndexName,
  quoteIdent,
  sqlIndexName,
  toSqlValue,
  type SqlValue,
} from './sqlite.sql.js';
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

export interface SqliteStoreOptions {
  /** Database file; its directory is created if missing. One file per service. */
  path: string;
  logger?: StoreLogger;
  /**
   * How long a write waits for another process's lock before failing with SQLITE_BUSY; default
   * 5 s. The wait is asynchronous (see `BUSY_SLICE_MS`): the event loop keeps running meanwhile.
   */
  busyTimeoutMs?: number;
}

/**
 * SQLite's own busy wait blocks the thread, and better-sqlite3 runs on the event loop: a lock
 * held by another process for seconds would freeze every timer, socket and heartbeat of this one
 * (sends time out and go again; consumers miss their ack deadlines). So SQLite waits only this
 * long by itself, and the store retries a busy step asynchronously, with backoff, for the rest
 * of `busyTimeoutMs`. A step is one statement or one transaction, and a busy one wrote nothing,
 * so running it again is safe.
 */
const BUSY_SLICE_MS = 10;

/**
 * Planner statistics. Without them SQLite guesses that an equality on an index is selective, so a
 * list filtered on a value most rows share (`public = true`) and sorted by another index reads and
 * sorts every matching document to return a page. The store runs `ANALYZE` at open, as the data
 * grows (each time the rows changed double, from `FIRST_OPTIMIZE_CHANGES` up to every
 * `MAX_OPTIMIZE_CHANGES`), and hourly; `PRAGMA optimize` alone waits for a table to grow tenfold.
 * Each index's analysis reads at most `ANALYSIS_LIMIT` rows, so a run stays short on large tables.
 */
const FIRST_OPTIMIZE_CHANGES = 64;
const MAX_OPTIMIZE_CHANGES = 100_000;
const OPTIMIZE_INTERVAL_MS = 3_600_000;
const ANALYSIS_LIMIT = 1000;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Opens (creating if needed) a SQLite store: WAL mode, `synchronous=NORMAL`, foreign keys on.
 *
 * better-sqlite3 is synchronous, so every operation runs to completion on the event loop; an async
 * mutex serialises transactions, and operations outside a transaction wait while one is open so
 * that they never land inside it. Collections must be declared with `migrate()` before use.
 */
export function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  // Opening is synchronous; the promise turns any failure into a rejection.
  return new Promise((resolve) => resolve(openNow(options)));
}

function openNow(options: SqliteStoreOptions): Store {
  const { path } = options;
  const busyTimeoutMs = Math.trunc(options.busyTimeoutMs ?? 5000);
  if (path !== ':memory:' && !path.startsWith('file:')) {
    mkdirSync(dirname(path), { recursive: true });
  }
  const db = new Database(path, { timeout: Math.min(BUSY_SLICE_MS, busyTimeoutMs) });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.min(BUSY_SLICE_MS, busyTimeoutMs)}`);
    db.pragma('foreign_keys = ON');
    // Freed content is overwritten with zeros, so erased personal data leaves no copy in the file.
    db.pragma('secure_delete = ON');
    db.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
    db.exec(INTERNAL_SCHEMA);
    upgradeInternalSchema(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteStore(db, options.logger, busyTimeoutMs);
}

// The store's own tables. Persisted names: never rename without a migration.
const INTERNAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS pcn_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  published_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT,
  traceparent TEXT
);
CREATE INDEX IF NOT EXISTS pcn_outbox__pending ON pcn_outbox (seq) WHERE published_at IS NULL;
CREATE INDEX IF NOT EXISTS pcn_outbox__published ON pcn_outbox (published_at)
  WHERE published_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS pcn_inbox (
  consumer TEXT NOT NULL,
  event_id TEXT NOT NULL,
  processed_at TEXT NOT NULL,
  PRIMARY KEY (consumer, event_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pcn_lease (
  name TEXT PRIMARY KEY NOT NULL,
  holder TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pcn_index (
  collection TEXT NOT NULL,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  is_unique INTEGER NOT NULL,
  is_multi INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (collection, name)
) WITHOUT ROWID;
`;

/** Brings the store's own tables of an older file up to date. */
function upgradeInternalSchema(db: Database.Database): void {
  const indexColumns = (db.prepare('PRAGMA table_info(pcn_index)').all() as { name: string }[]).map(
    (c) => c.name,
  );
  if (!indexColumns.includes('is_multi')) {
    db.exec('ALTER TABLE pcn_index ADD COLUMN is_multi INTEGER NOT NULL DEFAULT 0');
  }
  const outboxColumns = (
    db.prepare('PRAGMA table_info(pcn_outbox)').all() as { name: string }[]
  ).map((c) => c.name);
  if (!outboxColumns.includes('traceparent')) {
    db.exec('ALTER TABLE pcn_outbox ADD COLUMN traceparent TEXT');
  }
}

type Statement = Database.Statement<unknown[], unknown>;
/** Runs a synchronous database step in the right context (outside or inside a transaction). */
type Exec = <R>(step: () => R) => Promise<R>;

interface DocRow {
  id: string;
  version: number;
  doc: string;
}

interface OutboxRow {
  seq: number;
  id: string;
  subject: string;
  payload: string;
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  traceparent: string | null;
}

/** Prepared statements, keyed by SQL text, least recently used evicted. */
class StatementCache {
  readonly #statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly capacity = 500,
  ) {}

  get(sql: string): Statement {
    const cached = this.#statements.get(sql);
    if (cached) {
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const statement = this.db.prepare<unknown[], unknown>(sql);
    this.#statements.set(sql, statement);
    if (this.#statements.size > this.capacity) {
      const oldest = this.#statements.keys().next();
      if (oldest.done !== true) this.#statements.delete(oldest.value);
    }
    return statement;
  }
}

/** A multi-valued index's side table and the SQL of its statements. */
interface MultiState {
  readonly index: ResolvedIndex;
  readonly insertSql: string;
  /** Inserts `SIDE_CHUNK_ROWS` rows in one statement. */
  readonly insertChunkSql: string;
  readonly deleteSql: string;
}

/** The values of a document's multi-valued indexes, in the order of `CollectionState.multi`. */
type MultiValues = readonly (readonly ElementValue[])[];

/** A row to insert: the main table's parameters and the side tables' values. */
interface InsertRow {
  readonly row: SqlValue[];
  readonly multi: MultiValues;
}

/** A migrated collection: its spec and the SQL of its fixed statements. */
interface CollectionState {
  readonly resolved: ResolvedSpec;
  readonly table: string;
  readonly insertSql: string;
  readonly updateSql: string;
  /** The version and index columns of one row, to update only the index columns that change. */
  readonly indexRowSql: string;
  readonly columnNames: readonly string[];
  readonly updateSqlFor: (changed: readonly number[]) => string;
  readonly getSql: string;
  readonly versionSql: string;
  readonly deleteSql: string;
  readonly deleteVersionSql: string;
  readonly multi: readonly MultiState[];
  /**
   * Inserts many rows and their side rows in one transaction (a savepoint inside an open one).
   * Also used for a single insert when there are side tables.
   */
  readonly insertAll: Database.Transaction<(rows: readonly InsertRow[]) => void>;
  /** An update and the replacement of its side rows, together; returns the rows changed. */
  readonly updateWithSides: Database.Transaction<
    (params: readonly SqlValue[], id: string, multi: MultiValues) => number
  >;
  /** A delete (`deleteSql` or `deleteVersionSql`) and that of its side rows, together. */
  readonly deleteWithSides: Database.Transaction<
    (sql: string, params: readonly SqlValue[], id: string) => number
  >;
}

// Rows per multi-row INSERT in insertMany: fewer statement executions, well under SQLite's limit
// of 32766 bound parameters.
const INSERT_CHUNK_ROWS = 100;
const MAX_BOUND_PARAMETERS = 32_000;
// Side rows (2 parameters each) per multi-row INSERT.
const SIDE_CHUNK_ROWS = 250;

function collectionState(
  db: Database.Database,
  resolved: ResolvedSpec,
  statements: StatementCache,
) {
  const table = quoteIdent(resolved.name);
  const columns = resolved.scalarIndexes.map((index) => quoteIdent(indexColumn(index.name)));
  const head = `INSERT INTO ${table} (id, version, doc${columns.map((c) => `, ${c}`).join('')}) VALUES `;
  const tuple = `(?, 1, ?${columns.map(() => ', ?').join('')})`;
  const insertSql = head + tuple;
  const perRow = 2 + columns.length;
  const chunkRows = Math.max(
    1,
    Math.min(INSERT_CHUNK_ROWS, Math.floor(MAX_BOUND_PARAMETERS / perRow)),
  );
  const chunkSql = head + Array.from({ length: chunkRows }, () => tuple).join(', ');
  const multi: MultiState[] = resolved.multiIndexes.map((index) => {
    const side = quoteIdent(multiTable(resolved.name, index.name));
    const sideHead = `INSERT INTO ${side} (doc_id, value) VALUES `;
    return {
      index,
      insertSql: `${sideHead}(?, ?)`,
      insertChunkSql: sideHead + Array.from({ length: SIDE_CHUNK_ROWS }, () => '(?, ?)').join(', '),
      deleteSql: `DELETE FROM ${side} WHERE doc_id = ?`,
    };
  });

  /** Inserts the side rows of one index for several documents, in chunks. */
  const insertSides = (state: MultiState, pairs: readonly SqlValue[]) => {
    let next = 0;
    const chunkParams = SIDE_CHUNK_ROWS * 2;
    if (pairs.length >= chunkParams) {
      const chunk = statements.get(state.insertChunkSql);
      for (; next + chunkParams <= pairs.length; next += chunkParams) {
        chunk.run(pairs.slice(next, next + chunkParams));
      }
    }
    const single = statements.get(state.insertSql);
    for (; next < pairs.length; next += 2) single.run(pairs[next], pairs[next + 1]);
  };
  const pairsOf = (id: string, values: readonly ElementValue[]): SqlValue[] => {
    const pairs: SqlValue[] = [];
    for (const value of values) pairs.push(id, value);
    return pairs;
  };

  const state: CollectionState = {
    resolved,
    table,
    insertSql,
    updateSql:
      `UPDATE ${table} SET version = ?, doc = ?${columns.map((c) => `, ${c} = ?`).join('')} ` +
      `WHERE id = ? AND version = ?`,
    indexRowSql: `SELECT version${columns.map((c) => `, ${c}`).join('')} FROM ${table} WHERE id = ?`,
    columnNames: resolved.scalarIndexes.map((index) => indexColumn(index.name)),
    updateSqlFor: (changed: readonly number[]) =>
      `UPDATE ${table} SET version = ?, doc = ?${changed.map((i) => `, ${columns[i]} = ?`).join('')} ` +
      `WHERE id = ? AND version = ?`,
    getSql: `SELECT id, version, doc FROM ${table} WHERE id = ?`,
    versionSql: `SELECT version FROM ${table} WHERE id = ?`,
    deleteSql: `DELETE FROM ${table} WHERE id = ?`,
    deleteVersionSql: `DELETE FROM ${table} WHERE id = ? AND version = ?`,
    multi,
    // Full chunks go through one multi-row INSERT each, the rest row by row; all in one
    // transaction (a savepoint when a transaction is open), so a clash anywhere writes nothing.
    // Side rows follow once every document is in (and its id known to be free).
    insertAll: db.transaction((rows: readonly InsertRow[]) => {
      let next = 0;
      if (rows.length >= chunkRows) {
        const chunk = statements.get(chunkSql);
        const params: SqlValue[] = new Array<SqlValue>(chunkRows * perRow);
        for (; next + chunkRows <= rows.length; next += chunkRows) {
          let p = 0;
          for (let r = next; r < next + chunkRows; r += 1) {
            for (const value of (rows[r] as InsertRow).row) params[p++] = value;
          }
          chunk.run(params);
        }
      }
      const single = statements.get(insertSql);
      for (; next < rows.length; next += 1) single.run(...(rows[next] as InsertRow).row);
      multi.forEach((m, i) => {
        const pairs: SqlValue[] = [];
        for (const { row, multi: values } of rows) {
          for (const value of values[i] ?? []) pairs.push(row[0] as string, value);
        }
        insertSides(m, pairs);
      });
    }),
    updateWithSides: db.transaction(
      (params: readonly SqlValue[], id: string, values: MultiValues) => {
        const { changes } = statements.get(state.updateSql).run(...params);
        if (changes === 0) return 0;
        multi.forEach((m, i) => {
          statements.get(m.deleteSql).run(id);
          insertSides(m, pairsOf(id, values[i] ?? []));
        });
        return changes;
      },
    ),
    deleteWithSides: db.transaction((sql: string, params: readonly SqlValue[], id: string) => {
      const { changes } = statements.get(sql).run(...params);
      if (changes > 0) for (const m of multi) statements.get(m.deleteSql).run(id);
      return changes;
    }),
  };
  return state;
}

/** The parameters of an insert: id, JSON, then one value per scalar index; and the multi values. */
function insertRow(
  resolved: ResolvedSpec,
  doc: DocumentBase,
): { row: SqlValue[]; multi: MultiValues; json: string } {
  assertDocument(doc);
  const json = documentJson(doc);
  assertStorable(resolved, json);
  const row: SqlValue[] = [doc.id, json];
  for (const index of resolved.scalarIndexes) row.push(toSqlValue(readIndexValue(doc, index)));
  const multi = resolved.multiIndexes.map((index) => readMultiValues(doc, index));
  return { row, multi, json };
}

/** Maps a constraint violation to `AlreadyExistsError`, naming the index but never the value. */
function mapWriteError(err: unknown, resolved: ResolvedSpec | null): unknown {
  if (
    err instanceof Database.SqliteError &&
    (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
  ) {
    if (resolved === null) return new AlreadyExistsError('outbox: a message with this id exists');
    const column = /UNIQUE constraint failed: [^.\s]+\.(\S+)/.exec(err.message)?.[1];
    const index = resolved.indexes.find((i) => indexColumn(i.name) === column);
    return new AlreadyExistsError(
      index
        ? `${resolved.name}: another document already has this ${index.name}`
        : `${resolved.name}: a document with this id already exists`,
    );
  }
  return err;
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
  // Bound as UTF-8, a lone surrogate would become U+FFFD and could name another document.
  assertWellFormed(id, 'id');
  return id;
}

function toStored<T extends DocumentBase>(row: DocRow): Stored<T> {
  const value = JSON.parse(row.doc) as Record<string, unknown>;
  value.version = row.version;
  return value as unknown as Stored<T>;
}

class SqliteCollection<T extends DocumentBase> implements Collection<T> {
  readonly spec: CollectionSpec;

  constructor(
    private readonly state: CollectionState,
    private readonly statements: StatementCache,
    private readonly exec: Exec,
  ) {
    this.spec = state.resolved.spec;
  }

  async get(id: string): Promise<Stored<T> | null> {
    const key = validateId(id);
    return this.exec(() => {
      const row = this.statements.get(this.state.getSql).get(key) as DocRow | undefined;
      return row ? toStored<T>(row) : null;
    });
  }

  async insert(doc: T): Promise<Stored<T>> {
    const { row, multi, json } = insertRow(this.state.resolved, doc);
    return this.exec(() => {
      try {
        // With side tables, the row and its side rows go in together.
        if (this.state.multi.length === 0) this.statements.get(this.state.insertSql).run(...row);
        else this.state.insertAll.immediate([{ row, multi }]);
      } catch (err) {
        throw mapWriteError(err, this.state.resolved);
      }
      return toStored<T>({ id: doc.id, version: 1, doc: json });
    });
  }

  async insertMany(docs: readonly T[]): Promise<void> {
    // Validate and serialise everything before touching the database.
    const rows: InsertRow[] = docs.map((doc) => insertRow(this.state.resolved, doc));
    return this.exec(() => {
      if (rows.length === 0) return;
      try {
        this.state.insertAll.immediate(rows);
      } catch (err) {
        throw mapWriteError(err, this.state.resolved);
      }
    });
  }

  async update(doc: Stored<T>): Promise<Stored<T>> {
    assertDocument(doc);
    const expected = validateVersion(doc.version, 'version');
    const { row, multi, json } = insertRow(this.state.resolved, doc);
    const [id, , ...indexValues] = row;
    const params = [expected + 1, json, ...indexValues, id as string, expected];
    return this.exec(() => {
      let changes: number;
      try {
        changes =
          this.state.multi.length === 0
            ? this.#updateChanged(id as string, expected, json, indexValues)
            : this.state.updateWithSides.immediate(params, doc.id, multi);
      } catch (err) {
        throw mapWriteError(err, this.state.resolved);
      }
      if (changes === 0) throw this.#conflict(doc.id, expected);
      // The caller's document as stored (a shallow copy); re-parsing the JSON cost more than the write.
      return { ...doc, version: expected + 1 };
    });
  }

  /**
   * Writes only the index columns whose values change: SQLite rewrites every index named in SET,
   * and a status change would otherwise touch all of a collection's indexes. Returns the rows
   * changed (0 on a stale or missing version).
   */
  #updateChanged(id: string, expected: number, json: string, values: readonly SqlValue[]): number {
    const { indexRowSql, columnNames, updateSqlFor } = this.state;
    const current = this.statements.get(indexRowSql).get(id) as
      Record<string, SqlValue> | undefined;
    if (current?.version !== expected) return 0;
    const changed: number[] = [];
    for (let i = 0; i < values.length; i += 1) {
      if (current[columnNames[i] as string] !== values[i]) changed.push(i);
    }
    return this.statements
      .get(updateSqlFor(changed))
      .run(expected + 1, json, ...changed.map((i) => values[i]), id, expected).changes;
  }

  async delete(id: string, expectedVersion?: number): Promise<boolean> {
    const key = validateId(id);
    const expected =
      expectedVersion === undefined
        ? undefined
        : validateVersion(expectedVersion, 'expectedVersion');
    const [sql, params] =
      expected === undefined
        ? [this.state.deleteSql, [key]]
        : [this.state.deleteVersionSql, [key, expected]];
    return this.exec(() => {
      const changes =
        this.state.multi.length === 0
          ? this.statements.get(sql).run(...params).changes
          : this.state.deleteWithSides.immediate(sql, params, key);
      if (changes > 0) return true;
      if (expected === undefined) return false;
      throw this.#conflict(key, expected);
    });
  }

  async find(options?: FindOptions): Promise<Page<T>> {
    const plan = planFind(this.state.resolved, options);
    const where = compileWhere(plan.where, this.state.resolved.name);
    const sql =
      `SELECT id, version, doc FROM ${this.state.table} WHERE ${where.sql} ` +
      `ORDER BY ${compileOrderBy(plan.sort)} LIMIT ?`;
    return this.exec(() => {
      const rows = this.statements.get(sql).all(...where.params, plan.limit + 1) as DocRow[];
      return toPage(this.state.resolved, plan, rows.map(toStored<T>));
    });
  }

  async count(filter?: Filter): Promise<number> {
    const where = compileWhere(
      compileFilter(this.state.resolved, filter),
      this.state.resolved.name,
    );
    const sql = `SELECT COUNT(*) AS n FROM ${this.state.table} WHERE ${where.sql}`;
    return this.exec(() => (this.statements.get(sql).get(...where.params) as { n: number }).n);
  }

  async countBy(index: string, filter?: Filter): Promise<GroupCount[]> {
    const plan = planCountBy(this.state.resolved, index, filter);
    const resolvedIndex = this.state.resolved.byName.get(plan.index) as ResolvedIndex;
    const column = quoteIdent(indexColumn(plan.index));
    const where = compileWhere(plan.where, this.state.resolved.name);
    // Booleans are stored as 1/0; tell them apart from numbers by the JSON type, which is only
    // looked up for rows holding 0 or 1 so that counting stays cheap on large documents.
    const jsonPath = `$.${resolvedIndex.path}`;
    const sql =
      `SELECT ${column} AS k, ` +
      `CASE WHEN typeof(${column}) IN ('integer', 'real') AND ${column} IN (0, 1) ` +
      `THEN json_type(doc, '${jsonPath}') IN ('true', 'false') ELSE 0 END AS b, ` +
      `COUNT(*) AS n FROM ${this.state.table} WHERE ${where.sql} GROUP BY k, b ORDER BY k, b`;
    return this.exec(() => {
      const rows = this.statements.get(sql).all(...where.params) as {
        k: JsonScalar;
        b: number;
        n: number;
      }[];
      return rows.map((r) => ({ key: r.b === 1 ? r.k === 1 : r.k, count: r.n }));
    });
  }

  #conflict(id: string, expected: number): ConflictError {
    const row = this.statements.get(this.state.versionSql).get(id) as
      { version: number } | undefined;
    return new ConflictError(this.state.resolved.name, id, expected, row?.version ?? null);
  }
}

/** A transaction's handle: usable only while its work runs. */
class SqliteTransaction implements Transaction {
  #active = true;

  constructor(private readonly store: SqliteStore) {}

  get active(): boolean {
    return this.#active;
  }

  finish(): void {
    this.#active = false;
  }

  // Steps run synchronously inside the open transaction; a throw becomes a rejection.
  readonly exec: Exec = (step) =>
    new Promise((resolve) => {
      if (!this.#active) {
        throw new TransactionUsageError(TRANSACTION_FINISHED);
      }
      resolve(step());
    });

  collection<T extends DocumentBase>(spec: CollectionSpec): Collection<T> {
    return this.store.collectionWith<T>(spec, this.exec);
  }

  async enqueue(messages: readonly OutboxMessage[]): Promise<void> {
    validateOutboxMessages(messages);
    return this.exec(() => this.store.enqueueNow(messages));
  }

  async markProcessed(consumer: string, eventId: string): Promise<boolean> {
    validateInboxKey(consumer, eventId);
    return this.exec(() => this.store.markProcessedNow(consumer, eventId));
  }

  async guard(key: string): Promise<void> {
    validateGuardKey(key);
    // Transactions never overlap here (the store's mutex), so there is nothing to conflict with.
    return this.exec(() => undefined);
  }
}

class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly outbox: OutboxReader;
  readonly #db: Database.Database;
  readonly #logger: StoreLogger | undefined;
  readonly #statements: StatementCache;
  readonly #mutex = new Mutex();
  readonly #currentTx = new AsyncLocalStorage<SqliteTransaction>();
  readonly #collections = new Map<string, CollectionState>();
  readonly #begin: Statement;
  readonly #commit: Statement;
  readonly #rollback: Statement;
  readonly #enqueueAll: Database.Transaction<(messages: readonly OutboxMessage[]) => void>;
  readonly #markPublishedAll: Database.Transaction<(ids: readonly string[], at: string) => void>;
  readonly #busyTimeoutMs: number;
  readonly #totalChanges: Statement;
  #optimizeAt = FIRST_OPTIMIZE_CHANGES;
  readonly #optimizeTimer: NodeJS.Timeout;
  #closed = false;
  /** Steps in `#whileBusy` after a busy failure, waiting for another connection's lock. */
  #lockWaiters = 0;

  constructor(db: Database.Database, logger: StoreLogger | undefined, busyTimeoutMs: number) {
    this.#db = db;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#logger = logger;
    this.#statements = new StatementCache(db);
    this.#begin = db.prepare('BEGIN IMMEDIATE');
    this.#commit = db.prepare('COMMIT');
    this.#rollback = db.prepare('ROLLBACK');
    this.#totalChanges = db.prepare('SELECT total_changes() AS n');
    this.#optimizeTimer = setInterval(() => {
      void this.#outside(() => this.#optimize()).catch(() => undefined);
    }, OPTIMIZE_INTERVAL_MS).unref();
    this.#enqueueAll = db.transaction((messages: readonly OutboxMessage[]) => {
      const insert = this.#statements.get(
        'INSERT INTO pcn_outbox (id, subject, payload, created_at, traceparent) VALUES (?, ?, ?, ?, ?)',
      );
      const createdAt = new Date().toISOString();
      for (const m of messages)
        insert.run(m.id, m.subject, m.payload, createdAt, m.traceparent ?? null);
    });
    this.#markPublishedAll = db.transaction((ids: readonly string[], at: string) => {
      const update = this.#statements.get(
        'UPDATE pcn_outbox SET published_at = ? WHERE id = ? AND published_at IS NULL',
      );
      for (const id of ids) update.run(at, id);
    });
    this.outbox = this.#outboxReader();
  }

  // Operations outside a transaction run at once when no transaction is open (better-sqlite3 is
  // synchronous, so nothing can start one meanwhile) and otherwise queue behind it.
  readonly #outside: Exec = async (step) => {
    this.#assertOpen();
    const release = this.#mutex.tryAcquire();
    if (release) {
      let result;
      try {
        result = step();
      } catch (err) {
        if (!isBusy(err)) {
          release();
          throw err;
        }
        return this.#whileBusy(step).finally(release);
      }
      release();
      return result;
    }
    if (this.#currentTx.getStore()?.active === true) {
      // Waiting here would wait for ourselves forever.
      throw new TransactionUsageError(STORE_INSIDE_TRANSACTION);
    }
    const queued = await this.#mutex.acquire();
    try {
      this.#assertOpen();
      return await this.#whileBusy(step);
    } finally {
      queued();
    }
  };

  /** Runs `step`, and again after a growing pause while it fails busy, up to `busyTimeoutMs`. */
  async #whileBusy<R>(step: () => R): Promise<R> {
    const deadline = Date.now() + this.#busyTimeoutMs;
    let waiting = false;
    try {
      for (let pause = 5; ; pause = Math.min(pause * 2, 250)) {
        try {
          return step();
        } catch (err) {
          const left = deadline - Date.now();
          if (!isBusy(err) || left <= 0) throw err;
          if (!waiting) {
            waiting = true;
            this.#lockWaiters += 1;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
          this.#assertOpen();
        }
      }
    } finally {
      if (waiting) this.#lockWaiters -= 1;
    }
  }

  get waitingForLock(): boolean {
    return this.#lockWaiters > 0;
  }

  async migrate(specs: readonly CollectionSpec[]): Promise<void> {
    const resolved = new Map<string, ResolvedSpec>();
    for (const spec of specs) {
      const r = resolveSpec(spec);
      const seen = resolved.get(r.name);
      if (seen && seen.signature !== r.signature) {
        throw new Error(`Collection ${r.name} is declared twice with different indexes`);
      }
      resolved.set(r.name, r);
    }
    return this.#outside(() => {
      const migrateAll = this.#db.transaction(() => {
        for (const r of resolved.values()) this.#migrateCollection(r);
      });
      migrateAll.immediate();
      for (const r of resolved.values()) {
        this.#collections.set(r.name, collectionState(this.#db, r, this.#statements));
      }
      this.#optimize();
    });
  }

  /** Refreshes the planner statistics (see FIRST_OPTIMIZE_CHANGES). */
  #optimize(): void {
    this.#db.exec('ANALYZE');
    const changes = (this.#totalChanges.get() as { n: number }).n;
    this.#optimizeAt =
      changes + Math.min(Math.max(changes, FIRST_OPTIMIZE_CHANGES), MAX_OPTIMIZE_CHANGES);
  }

  /** After a write: refresh the statistics once the rows changed have doubled since the last run. */
  #afterWrite(): void {
    if ((this.#totalChanges.get() as { n: number }).n < this.#optimizeAt) return;
    try {
      this.#optimize();
    } catch (err) {
      // Statistics are an optimisation: a failed refresh must not fail the write that committed.
      this.#logger?.warn({ err }, 'refreshing SQLite planner statistics failed');
    }
  }

  collection<T extends DocumentBase>(spec: CollectionSpec): Collection<T> {
    return this.collectionWith<T>(spec, this.#outside);
  }

  /** @internal A collection whose steps run through `exec`. */
  collectionWith<T extends DocumentBase>(spec: CollectionSpec, exec: Exec): Collection<T> {
    const resolved = resolveSpec(spec);
    const state = this.#collections.get(resolved.name);
    if (!state) {
      throw new Error(`Collection ${resolved.name} is not migrated; call store.migrate() at boot`);
    }
    if (state.resolved.signature !== resolved.signature) {
      throw new Error(`Collection ${resolved.name} was migrated with different indexes`);
    }
    return new SqliteCollection<T>(state, this.#statements, exec);
  }

  transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    // The commit, as a span of the request's trace (a no-op with tracing off).
    return withSpan('store transaction', { attributes: { 'db.system': 'sqlite' } }, () =>
      this.#transaction(work),
    );
  }

  async #transaction<R>(work: (tx: Transaction) => Promise<R>): Promise<R> {
    this.#assertOpen();
    if (this.#currentTx.getStore()?.active === true) {
      throw new TransactionUsageError(NESTED_TRANSACTION);
    }
    const release = await this.#mutex.acquire();
    try {
      this.#assertOpen();
      try {
        this.#begin.run();
      } catch (err) {
        if (!isBusy(err)) throw err;
        await this.#whileBusy(() => this.#begin.run());
      }
      const tx = new SqliteTransaction(this);
      let result: R;
      try {
        result = await this.#currentTx.run(tx, () => work(tx));
        tx.finish();
        this.#commit.run();
        this.#afterWrite();
      } catch (err) {
        tx.finish();
        if (this.#db.inTransaction) this.#rollback.run();
        throw err;
      }
      return result;
    } finally {
      release();
    }
  }

  /** @internal Appends to the outbox; runs inside the caller's transaction. */
  enqueueNow(messages: readonly OutboxMessage[]): void {
    if (messages.length === 0) return;
    try {
      this.#enqueueAll(messages);
    } catch (err) {
      throw mapWriteError(err, null);
    }
  }

  /** @internal Records an inbox entry; true if it is new. */
  markProcessedNow(consumer: string, eventId: string): boolean {
    const insert = this.#statements.get(
      'INSERT OR IGNORE INTO pcn_inbox (consumer, event_id, processed_at) VALUES (?, ?, ?)',
    );
    return insert.run(consumer, eventId, new Date().toISOString()).changes === 1;
  }

  async isProcessed(consumer: string, eventId: string): Promise<boolean> {
    validateInboxKey(consumer, eventId);
    return this.#outside(() => {
      const row = this.#statements
        .get('SELECT 1 AS found FROM pcn_inbox WHERE consumer = ? AND event_id = ?')
        .get(consumer, eventId);
      return row !== undefined;
    });
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    validateLease(name, holder, ttlMs, now);
    // Compare-and-set in one statement: insert, or take over when held by us or expired.
    const sql =
      'INSERT INTO pcn_lease (name, holder, expires_at_ms) VALUES (@name, @holder, @expires) ' +
      'ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, ' +
      'expires_at_ms = excluded.expires_at_ms ' +
      'WHERE pcn_lease.holder = excluded.holder OR pcn_lease.expires_at_ms <= @now';
    const params = { name, holder, expires: now.getTime() + ttlMs, now: now.getTime() };
    return this.#outside(() => this.#statements.get(sql).run(params).changes === 1);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    return this.#outside(() => {
      this.#statements.get('DELETE FROM pcn_lease WHERE name = ? AND holder = ?').run(name, holder);
    });
  }

  async scrub(): Promise<void> {
    return this.#outside(() => {
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  async ping(): Promise<void> {
    return this.#outside(() => {
      this.#statements.get('SELECT 1').get();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    const release = await this.#mutex.acquire();
    try {
      if (this.#closed) return;
      this.#closed = true;
      clearInterval(this.#optimizeTimer);
      this.#db.close();
    } finally {
      release();
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('The store is closed');
  }

  #outboxReader(): OutboxReader {
    const exec = this.#outside;
    const statements = this.#statements;
    const markPublishedAll = this.#markPublishedAll;
    return {
      async pending(limit: number, now: Date, afterSeq = 0): Promise<PendingOutboxMessage[]> {
        validatePendingLimit(limit);
        validateDate(now, 'now');
        validateAfterSeq(afterSeq);
        return exec(() => {
          const rows = statements
            .get(
              'SELECT seq, id, subject, payload, attempts, created_at, next_attempt_at, traceparent ' +
                'FROM pcn_outbox WHERE published_at IS NULL AND seq > ? ORDER BY seq LIMIT ?',
            )
            .all(afterSeq, limit) as OutboxRow[];
          const due = duePrefix(
            rows.map((row) => ({
              row,
              nextAttemptAtMs:
                row.next_attempt_at === null ? null : Date.parse(row.next_attempt_at),
            })),
            now,
          );
          return due.map(({ row }) => ({
            id: row.id,
            subject: row.subject,
            payload: row.payload,
            seq: row.seq,
            attempts: row.attempts,
            createdAt: row.created_at,
            ...(row.traceparent === null ? {} : { traceparent: row.traceparent }),
          }));
        });
      },
      async markPublished(ids: readonly string[], at: Date): Promise<void> {
        const atIso = validateDate(at, 'at').toISOString();
        return exec(() => {
          if (ids.length > 0) markPublishedAll.immediate(ids, atIso);
        });
      },
      async markFailed(id: string, error: string, retryAt: Date): Promise<void> {
        const retryIso = validateDate(retryAt, 'retryAt').toISOString();
        const lastError = truncateError(String(error));
        return exec(() => {
          statements
            .get(
              'UPDATE pcn_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? ' +
                'WHERE id = ? AND published_at IS NULL',
            )
            .run(lastError, retryIso, id);
        });
      },
      async prune(before: Date): Promise<number> {
        const beforeIso = validateDate(before, 'before').toISOString();
        return exec(
          () =>
            statements
              .get('DELETE FROM pcn_outbox WHERE published_at IS NOT NULL AND published_at < ?')
              .run(beforeIso).changes,
        );
      },
      async stats(): Promise<OutboxStats> {
        return exec(() => {
          const pending = statements
            .get(
              'SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM pcn_outbox ' +
                'WHERE published_at IS NULL',
            )
            .get() as { n: number; oldest: string | null };
          const published = statements
            .get('SELECT COUNT(*) AS n FROM pcn_outbox WHERE published_at IS NOT NULL')
            .get() as { n: number };
          return { pending: pending.n, published: published.n, oldestPendingAt: pending.oldest };
        });
      },
    };
  }

  /**
   * Creates the table, adds a column per new index (back-filled from the stored JSON with the same
   * extraction as writes), creates the SQL indexes, and drops the SQL indexes of indexes no longer
   * declared. Columns are never dropped: they are stable, and a re-declared index is back-filled.
   * A multi-valued index lives in a side table instead of a column: created and back-filled when
   * the index is new (or its path or kind changed), dropped with the index, since it can always be
   * rebuilt from the documents.
   */
  #migrateCollection(resolved: ResolvedSpec): void {
    const db = this.#db;
    const table = quoteIdent(resolved.name);
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (` +
        'id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL)',
    );
    const columns = new Set(
      (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name),
    );
    const sqlIndexes = new Map(
      (db.prepare(`PRAGMA index_list(${table})`).all() as { name: string; unique: number }[]).map(
        (i) => [i.name, i.unique === 1],
      ),
    );
    const recorded = new Map(
      (
        db
          .prepare('SELECT name, path, is_multi FROM pcn_index WHERE collection = ?')
          .all(resolved.name) as { name: string; path: string; is_multi: number }[]
      ).map((row) => [row.name, { path: row.path, multi: row.is_multi === 1 }]),
    );
    const dropSide = (name: string) => {
      db.exec(`DROP TABLE IF EXISTS ${quoteIdent(multiTable(resolved.name, name))}`);
    };

    // Indexes no longer declared: drop the SQL index (or side table) and forget them, so that
    // declaring them again back-fills the column instead of trusting stale values.
    for (const [name, was] of recorded) {
      if (resolved.byName.has(name)) continue;
      db.exec(`DROP INDEX IF EXISTS ${quoteIdent(sqlIndexName(resolved.name, name))}`);
      if (was.multi) dropSide(name);
      db.prepare('DELETE FROM pcn_index WHERE collection = ? AND name = ?').run(
        resolved.name,
        name,
      );
      this.#logger?.info({ collection: resolved.name, index: name }, 'storage: index dropped');
    }

    const toBackfill: ResolvedIndex[] = [];
    for (const index of resolved.indexes) {
      const was = recorded.get(index.name);
      const changed = was === undefined || was.path !== index.path || was.multi !== index.multi;
      if (index.multi) {
        // Formerly a scalar index: its SQL index goes; the column stays, as for dropped indexes.
        if (was !== undefined && !was.multi) {
          db.exec(`DROP INDEX IF EXISTS ${quoteIdent(sqlIndexName(resolved.name, index.name))}`);
        }
        if (changed) dropSide(index.name);
        const side = quoteIdent(multiTable(resolved.name, index.name));
        // No type on value: it keeps each element's own type (text, integer, real), so that 1
        // and '1' are different elements, as in MongoDB.
        db.exec(
          `CREATE TABLE IF NOT EXISTS ${side} (doc_id TEXT NOT NULL, value NOT NULL, ` +
            'PRIMARY KEY (doc_id, value)) WITHOUT ROWID',
        );
        db.exec(
          `CREATE INDEX IF NOT EXISTS ${quoteIdent(multiValueIndexName(resolved.name, index.name))} ` +
            `ON ${side} (value, doc_id)`,
        );
        if (changed) toBackfill.push(index);
        continue;
      }
      if (was?.multi === true) dropSide(index.name);
      const column = indexColumn(index.name);
      if (!columns.has(column)) {
        // No type: the column keeps each value's own type (text, integer, real, null).
        db.exec(`ALTER TABLE ${table} ADD COLUMN ${quoteIdent(column)}`);
      }
      if (!columns.has(column) || changed) toBackfill.push(index);
    }
    if (toBackfill.length > 0) this.#backfill(resolved, toBackfill);

    for (const index of resolved.indexes) {
      const recordIndex = () =>
        db
          .prepare(
            'INSERT INTO pcn_index (collection, name, path, is_unique, is_multi) ' +
              'VALUES (?, ?, ?, ?, ?) ON CONFLICT (collection, name) DO UPDATE SET ' +
              'path = excluded.path, is_unique = excluded.is_unique, is_multi = excluded.is_multi',
          )
          .run(resolved.name, index.name, index.path, index.unique ? 1 : 0, index.multi ? 1 : 0);
      if (index.multi) {
        recordIndex();
        if (!recorded.has(index.name)) {
          this.#logger?.info(
            { collection: resolved.name, index: index.name },
            'storage: index created',
          );
        }
        continue;
      }
      const name = sqlIndexName(resolved.name, index.name);
      const existing = sqlIndexes.get(name);
      if (existing !== undefined && existing !== index.unique) {
        db.exec(`DROP INDEX ${quoteIdent(name)}`);
      }
      const column = quoteIdent(indexColumn(index.name));
      // Non-unique indexes carry the id so that ORDER BY <index>, id is read straight from them.
      const create = index.unique
        ? `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${table} (${column})`
        : `CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${table} (${column}, id)`;
      try {
        db.exec(create);
      } catch (err) {
        if (err instanceof Database.SqliteError && err.code.startsWith('SQLITE_CONSTRAINT')) {
          throw new Error(
            `Cannot create unique index ${index.name} on ${resolved.name}: stored documents share a value`,
            { cause: err },
          );
        }
        throw err;
      }
      recordIndex();
      if (existing === undefined) {
        this.#logger?.info(
          { collection: resolved.name, index: index.name },
          'storage: index created',
        );
      }
    }
  }

  /**
   * Fills index columns and side tables (which must be empty) from the stored JSON, in rowid
   * batches (a statement cannot run while another one is being iterated on the same connection).
   */
  #backfill(resolved: ResolvedSpec, indexes: readonly ResolvedIndex[]): void {
    const table = quoteIdent(resolved.name);
    const scalar = indexes.filter((index) => !index.multi);
    const multi = indexes.filter((index) => index.multi);
    const select = this.#db.prepare(
      `SELECT rowid AS r, id, doc FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT 500`,
    );
    const update =
      scalar.length === 0
        ? null
        : this.#db.prepare(
            `UPDATE ${table} SET ${scalar
              .map((index) => `${quoteIdent(indexColumn(index.name))} = ?`)
              .join(', ')} WHERE rowid = ?`,
          );
    const inserts = multi.map((index) =>
      this.#db.prepare(
        `INSERT INTO ${quoteIdent(multiTable(resolved.name, index.name))} (doc_id, value) ` +
          'VALUES (?, ?)',
      ),
    );
    const cannot = (index: ResolvedIndex, err: unknown) =>
      new Error(
        `Cannot index ${resolved.name}.${index.name}: a stored document holds ` +
          (index.multi
            ? `something other than an array of strings and numbers at ${index.path}`
            : `an object or array at ${index.path}`),
        { cause: err },
      );
    let last = Number.MIN_SAFE_INTEGER;
    let filled = 0;
    for (;;) {
      const rows = select.all(last) as { r: number; id: string; doc: string }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const doc: unknown = JSON.parse(row.doc);
        if (update) {
          const values = scalar.map((index) => {
            try {
              return toSqlValue(readIndexValue(doc, index));
            } catch (err) {
              throw cannot(index, err);
            }
          });
          update.run(...values, row.r);
        }
        multi.forEach((index, i) => {
          let values: ElementValue[];
          try {
            values = readMultiValues(doc, index);
          } catch (err) {
            throw cannot(index, err);
          }
          const insert = inserts[i] as Statement;
          for (const value of values) insert.run(row.id, value);
        });
        last = row.r;
      }
      filled += rows.length;
    }
    this.#logger?.info(
      { collection: resolved.name, indexes: indexes.map((i) => i.name), documents: filled },
      'storage: index columns back-filled',
    );
  }
}
