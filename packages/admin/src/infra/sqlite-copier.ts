import { rm, stat } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { SqliteCopier } from '../app/backup.ports.js';

/**
 * SQLite's online backup API through better-sqlite3: pages are copied from a read connection, and
 * the copy restarts if a service writes meanwhile, so it is a consistent snapshot of one moment.
 */
export const sqliteCopier: SqliteCopier = {
  async backup(source, target) {
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      // Waits for a writer holding the lock instead of failing at once.
      db.pragma('busy_timeout = 5000');
      await db.backup(target);
    } finally {
      db.close();
    }
    return { bytes: (await stat(target)).size };
  },

  verify(file) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const result = db.pragma('integrity_check', { simple: true }) as string;
      if (result !== 'ok') throw new Error(`${file} failed SQLite's integrity check: ${result}`);
    } finally {
      db.close();
    }
    return Promise.resolve();
  },

  async restore(copy, target) {
    // A WAL or shared-memory file left beside the old database belongs to it, not to the copy.
    await rm(`${target}-wal`, { force: true });
    await rm(`${target}-shm`, { force: true });
    const db = new Database(copy, { readonly: true, fileMustExist: true });
    try {
      await db.backup(target);
    } finally {
      db.close();
    }
  },
};
