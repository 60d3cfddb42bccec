import { randomBytes } from 'node:crypto';
import type { Clock } from '@pcn/platform';
import { openSqliteStore, type Store } from '@pcn/storage';
import { tempDir, type TempDir } from '@pcn/testing';
import { identityCollections, signInCollections } from './identity.collections.js';
import { createIdentityService, type IdentityServiceImpl } from './identity.service.js';

/** A clock that tests move by hand. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function testClock(start = '2026-03-02T01:00:00.000Z'): TestClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface IdentityFixture {
  dir: TempDir;
  store: Store;
  clock: TestClock;
  jwtSecret: Uint8Array;
  identity: IdentityServiceImpl;
  close(): Promise<void>;
}

/** A fresh SQLite store with the identity collections migrated, and a service on it. */
export async function identityFixture(
  options: { tokenTtlSeconds?: number; demoPassword?: string; authCacheTtlMs?: number } = {},
): Promise<IdentityFixture> {
  const dir = await tempDir('pcn-identity-');
  const store = await openSqliteStore({ path: dir.file('gateway.db') });
  await store.migrate([...identityCollections, ...signInCollections]);
  const clock = testClock();
  const jwtSecret = randomBytes(32);
  const identity = createIdentityService({
    store,
    jwtSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 900,
    clock,
    ...(options.demoPassword !== undefined ? { demoPassword: options.demoPassword } : {}),
    ...(options.authCacheTtlMs !== undefined ? { authCacheTtlMs: options.authCacheTtlMs } : {}),
  });
  return {
    dir,
    store,
    clock,
    jwtSecret,
    identity,
    close: async () => {
      await store.close();
      await dir.remove();
    },
  };
}
