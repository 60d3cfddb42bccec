import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from '@pcn/testing';
import { openSqliteStore } from './sqlite.store.js';
import { storeContractSuite } from './store.contract-suite.js';
import type { CollectionSpec, DocumentBase, Store } from './store.contract.js';

let dir: TempDir;
let files = 0;

beforeAll(async () => {
  dir = await tempDir('pcn-storage-');
});

afterAll(async () => {
  await dir.remove();
});

storeContractSuite('SQLite', () => openSqliteStore({ path: dir.file(`store-${++files}.db`) }));

interface Note extends DocumentBase {
  text: string;
  topic: string;
}

const NOTES: CollectionSpec = { name: 'notes', indexes: [{ name: 'topic', path: 'topic' }] };

describe('SQLite store specifics', () => {
  it('keeps data, outbox, inbox and leases across close and reopen', async () => {
    const path = dir.file('nested/dir/reopen.db');
    const first = await openSqliteStore({ path });
    await first.migrate([NOTES]);
    await first.transaction(async (tx) => {
      await tx.collection<Note>(NOTES).insert({ id: 'n1', text: 'Xin chào', topic: 'greeting' });
      await tx.enqueue([{ id: 'e1', subject: 'pcn.note.created', payload: '{}' }]);
      await tx.markProcessed('c', 'e0');
    });
    await first.acquireLease('relay', 'a', 60_000, new Date());
    await first.close();
    await first.close();
    await expect(first.collection<Note>(NOTES).get('n1')).rejects.toThrow(/closed/);

    const second = await openSqliteStore({ path });
    try {
      await second.migrate([NOTES]);
      const notes = second.collection<Note>(NOTES);
      expect(await notes.get('n1')).toEqual({
        id: 'n1',
        text: 'Xin chào',
        topic: 'greeting',
        version: 1,
      });
      expect(await notes.count({ topic: 'greeting' })).toBe(1);
      expect((await second.outbox.pending(10, new Date())).map((m) => m.id)).toEqual(['e1']);
      expect(await second.isProcessed('c', 'e0')).toBe(true);
      expect(await second.acquireLease('relay', 'b', 60_000, new Date())).toBe(false);
    } finally {
      await second.close();
    }
  });

  it('keeps planner statistics as data grows, so a page of a common value reads no more than the page', async () => {
    // Every row shares the filter's value: only the statistics tell SQLite that walking the sort
    // index is cheaper than reading and sorting every matching document.
    interface Item extends DocumentBase {
      shown: boolean;
      at: string;
    }
    const ITEMS: CollectionSpec = {
      name: 'items',
      indexes: [
        { name: 'shown', path: 'shown' },
        { name: 'at', path: 'at' },
      ],
    };
    const path = dir.file('planner.db');
    const store = await openSqliteStore({ path });
    const raw = new Database(path, { readonly: true });
    try {
      await store.migrate([ITEMS]);
      for (let i = 0; i < 300; i++)
        await store.transaction((tx) =>
          tx.collection<Item>(ITEMS).insert({
            id: `i${String(i).padStart(3, '0')}`,
            shown: true,
            at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
          }),
        );
      const plan = raw
        .prepare(
          'EXPLAIN QUERY PLAN SELECT id, version, doc FROM "items" WHERE "ix_shown" = ? ' +
            'ORDER BY "ix_at" DESC, id DESC LIMIT ?',
        )
        .all(1, 21)
        .map((r) => (r as { detail: string }).detail)
        .join(' | ');
      expect(plan).toContain('USING INDEX items__at');
      expect(plan).not.toContain('TEMP B-TREE');
      // And the store's own page is the newest 20, in order.
      const page = await store.collection<Item>(ITEMS).find({
        filter: { shown: true },
        sort: [{ field: 'at', direction: 'desc' }],
        limit: 20,
      });
      expect(page.items.map((d) => d.id)).toEqual(
        Array.from({ length: 20 }, (_, k) => `i${String(299 - k).padStart(3, '0')}`),
      );
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('runs in WAL mode with NORMAL synchronous and foreign keys on', async () => {
    const path = dir.file('wal.db');
    const store = await openSqliteStore({ path });
    try {
      await store.ping();
      const probe = new Database(path, { readonly: true });
      try {
        expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        probe.close();
      }
    } finally {
      await store.close();
    }
  });

  it('keeps one side row per distinct element, through writes, rollbacks and migrations', async () => {
    interface Tagged extends DocumentBase {
      tags?: (string | number)[] | null;
    }
    const TAGGED: CollectionSpec = {
      name: 'tagged',
      indexes: [{ name: 'tags', path: 'tags', multi: true }],
    };
    const PLAIN: CollectionSpec = { name: 'tagged', indexes: [] };
    const path = dir.file('side.db');
    const sideRows = () => {
      const db = new Database(path, { readonly: true });
      try {
        const exists = db
          .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tagged__m_tags'")
          .get();
        if (!exists) return null;
        return db
          .prepare('SELECT doc_id, value FROM tagged__m_tags ORDER BY doc_id, value')
          .all() as { doc_id: string; value: string | number }[];
      } finally {
        db.close();
      }
    };
    const store = await openSqliteStore({ path });
    try {
      await store.migrate([TAGGED]);
      const tagged = store.collection<Tagged>(TAGGED);
      const a = await tagged.insert({ id: 'a', tags: ['x', 'y', 'x', 1, '1'] });
      await tagged.insertMany([{ id: 'b', tags: ['y'] }, { id: 'c' }]);
      expect(sideRows()).toEqual([
        { doc_id: 'a', value: 1 },
        { doc_id: 'a', value: '1' },
        { doc_id: 'a', value: 'x' },
        { doc_id: 'a', value: 'y' },
        { doc_id: 'b', value: 'y' },
      ]);
      await tagged.update({ ...a, tags: ['z'] });
      await store
        .transaction(async (tx) => {
          await tx.collection<Tagged>(TAGGED).delete('b');
          await tx.collection<Tagged>(TAGGED).insert({ id: 'd', tags: ['w'] });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(sideRows()).toEqual([
        { doc_id: 'a', value: 'z' },
        { doc_id: 'b', value: 'y' },
      ]);
      await tagged.delete('b');
      expect(sideRows()).toEqual([{ doc_id: 'a', value: 'z' }]);
      await store.migrate([TAGGED]);
      expect(sideRows()).toEqual([{ doc_id: 'a', value: 'z' }]);
      // Dropped with the index, rebuilt when it is declared again.
      await store.migrate([PLAIN]);
      expect(sideRows()).toBeNull();
      await store.migrate([TAGGED]);
      expect(sideRows()).toEqual([{ doc_id: 'a', value: 'z' }]);
    } finally {
      await store.close();
    }
  });

  it('upgrades a store file written before multi-valued indexes', async () => {
    const path = dir.file('old.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE pcn_index (
        collection TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL,
        is_unique INTEGER NOT NULL, PRIMARY KEY (collection, name)
      ) WITHOUT ROWID;
      CREATE TABLE notes (id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL,
        ix_topic);
      CREATE INDEX notes__topic ON notes (ix_topic, id);
      INSERT INTO pcn_index VALUES ('notes', 'topic', 'topic', 0);
      INSERT INTO notes VALUES ('n1', 1, '{"id":"n1","text":"t","topic":"roads","tags":["a"]}', 'roads');
    `);
    old.close();
    const store = await openSqliteStore({ path });
    try {
      const spec: CollectionSpec = {
        name: 'notes',
        indexes: [
          { name: 'topic', path: 'topic' },
          { name: 'tags', path: 'tags', multi: true },
        ],
      };
      await store.migrate([spec]);
      const notes = store.collection<Note>(spec);
      expect(await notes.count({ topic: 'roads', tags: 'a' })).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('upgrades an outbox written before trace context: old rows relay as before', async () => {
    const path = dir.file('old-outbox.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE pcn_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, subject TEXT NOT NULL,
        payload TEXT NOT NULL, created_at TEXT NOT NULL, published_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, next_attempt_at TEXT
      );
      INSERT INTO pcn_outbox (id, subject, payload, created_at)
        VALUES ('old-1', 'pcn.test.happened', '{}', '2030-01-01T00:00:00.000Z');
    `);
    old.close();
    const store = await openSqliteStore({ path });
    try {
      const traceparent = `00-${'12'.repeat(16)}-${'34'.repeat(8)}-01`;
      await store.transaction((tx) =>
        tx.enqueue([{ id: 'new-1', subject: 'pcn.test.happened', payload: '{}', traceparent }]),
      );
      const pending = await store.outbox.pending(10, new Date('2031-01-01T00:00:00.000Z'));
      expect(pending.map((m) => [m.id, m.traceparent])).toEqual([
        ['old-1', undefined],
        ['new-1', traceparent],
      ]);
    } finally {
      await store.close();
    }
  });

  it('waits for another connection’s write lock without blocking the event loop, and says it waits', async () => {
    const path = dir.file('locked.db');
    const store = await openSqliteStore({ path });
    const holder = new Database(path);
    try {
      await store.migrate([NOTES]);
      const notes = store.collection<Note>(NOTES);
      holder.exec('BEGIN IMMEDIATE');
      // The lock is released by a timer in this very process: a write that waited synchronously
      // (SQLite's own busy wait) would keep the timer from firing and fail when its wait ran out.
      let ticks = 0;
      let sawWaiting = false;
      const ticker = setInterval(() => {
        ticks += 1;
        sawWaiting ||= store.waitingForLock;
      }, 5);
      expect(store.waitingForLock).toBe(false);
      const release = setTimeout(() => holder.exec('COMMIT'), 150);
      try {
        const inserted = notes.insert({ id: 'n1', text: 'while locked', topic: 'roads' });
        const inTx = store.transaction(async (tx) =>
          tx.collection<Note>(NOTES).insert({ id: 'n2', text: 'in a tx', topic: 'roads' }),
        );
        await expect(inserted).resolves.toMatchObject({ id: 'n1', version: 1 });
        await expect(inTx).resolves.toMatchObject({ id: 'n2', version: 1 });
        expect(ticks).toBeGreaterThan(0);
        // Told while it waited for the lock (consumers keep their messages meanwhile), not after.
        expect(sawWaiting).toBe(true);
        expect(store.waitingForLock).toBe(false);
      } finally {
        clearInterval(ticker);
        clearTimeout(release);
      }
      expect(await notes.count({ topic: 'roads' })).toBe(2);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await store.close();
    }
  });

  it('fails a write with SQLITE_BUSY once busyTimeoutMs has passed, having written nothing', async () => {
    const path = dir.file('locked-long.db');
    const store = await openSqliteStore({ path, busyTimeoutMs: 100 });
    const holder = new Database(path);
    try {
      await store.migrate([NOTES]);
      const notes = store.collection<Note>(NOTES);
      holder.exec('BEGIN IMMEDIATE');
      await expect(notes.insert({ id: 'n1', text: 'x', topic: 'roads' })).rejects.toMatchObject({
        code: expect.stringMatching(/^SQLITE_BUSY/) as unknown,
      });
      await expect(
        store.transaction(async (tx) =>
          tx.collection<Note>(NOTES).insert({ id: 'n2', text: 'y', topic: 'roads' }),
        ),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) as unknown });
      holder.exec('ROLLBACK');
      expect(await notes.count({ topic: 'roads' })).toBe(0);
      await notes.insert({ id: 'n3', text: 'after', topic: 'roads' });
      expect(await notes.count({ topic: 'roads' })).toBe(1);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await store.close();
    }
  });

  describe('with an open store', () => {
    let store: Store;

    beforeAll(async () => {
      store = await openSqliteStore({ path: dir.file('specifics.db') });
      await store.migrate([NOTES]);
    });

    afterAll(async () => {
      await store.close();
    });

    it('stores index values in real, indexed columns', async () => {
      await store.collection<Note>(NOTES).insert({ id: 'x', text: 't', topic: 'roads' });
      await store.close();
      const db = new Database(dir.file('specifics.db'));
      try {
        const row = db.prepare('SELECT ix_topic FROM notes WHERE id = ?').get('x') as {
          ix_topic: string;
        };
        expect(row.ix_topic).toBe('roads');
        const plan = db
          .prepare("EXPLAIN QUERY PLAN SELECT id FROM notes WHERE ix_topic = 'roads'")
          .all() as { detail: string }[];
        expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX notes__topic/);
      } finally {
        db.close();
      }
      store = await openSqliteStore({ path: dir.file('specifics.db') });
      await store.migrate([NOTES]);
    });

    it('refuses store.collection() inside a transaction instead of deadlocking', async () => {
      await expect(
        store.transaction(async () => {
          await store.collection<Note>(NOTES).get('x');
        }),
      ).rejects.toThrow(/tx\.collection/);
      await expect(
        store.transaction(() => store.transaction(() => Promise.resolve(1))),
      ).rejects.toThrow(/do not nest/);
      // The store is still usable afterwards.
      expect(await store.collection<Note>(NOTES).get('x')).not.toBeNull();
    });
  });
});
