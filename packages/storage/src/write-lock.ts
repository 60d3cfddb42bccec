import { openSqliteStore } from './sqlite.store.js';
import type { Store } from './store.contract.js';

/** For tests and drills of a store outage: the store's write lock, taken from outside. */
export interface WriteLock {
  /** Lets the lock go; a second call does nothing. */
  readonly release: () => Promise<void>;
}

/**
 * Takes the write lock of `store`'s file and holds it until released: store transactions begin
 * with BEGIN IMMEDIATE, so an open transaction that waits holds the lock.
 */
export async function takeWriteLock(store: Store): Promise<WriteLock> {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let taken = (): void => undefined;
  const locked = new Promise<void>((resolve) => (taken = resolve));
  const held = store.transaction(async () => {
    taken();
    await released;
  });
  await Promise.race([locked, held]);
  let open = true;
  return {
    async release() {
      if (!open) return;
      open = false;
      release();
      await held;
    },
  };
}

/** A second connection to the SQLite file at `path` that takes its write lock and holds it. */
export async function holdWriteLock(path: string): Promise<WriteLock> {
  const locker = await openSqliteStore({ path });
  const lock = await takeWriteLock(locker);
  let open = true;
  return {
    async release() {
      if (!open) return;
      open = false;
      await lock.release();
      await locker.close();
    },
  };
}
