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
