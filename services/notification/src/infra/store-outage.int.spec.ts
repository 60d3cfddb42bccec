import { ConflictError, createLogger } from '@pcn/platform';
import { openSqliteStore, takeWriteLock, type Store } from '@pcn/storage';
import { tempDir, waitFor, type TempDir } from '@pcn/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitsCollection } from './notification.collections.js';
import type { UnitRecord } from '../app/notification.ports.js';
import { isStoreUnavailable, storeOutage, whileStoreUnavailable } from '@pcn/service-kit';

const silent = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
let dir: TempDir;
let store: Store;
let other: Store;

beforeEach(async () => {
  dir = await tempDir();
  // A short busy timeout: each try at the locked file gives up after 50 ms.
  store = await openSqliteStore({ path: dir.file('n.db'), busyTimeoutMs: 50 });
  await store.migrate([unitsCollection]);
  other = await openSqliteStore({ path: dir.file('n.db') });
});

afterEach(async () => {
  await store.close();
  await other.close();
  await dir[Symbol.asyncDispose]();
});

const units = () => store.collection<UnitRecord>(unitsCollection);

describe('store outages', () => {
  it('tells a locked SQLite file from a failed operation', async () => {
    const { release } = await takeWriteLock(other);
    const busy = await units()
      .insert({ id: 'u1', path: ['u1'] })
      .catch((e: unknown) => e);
    await release();
    expect(busy).toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) as unknown });
    expect(isStoreUnavailable(busy)).toBe(true);
    expect(isStoreUnavailable(new Error('wrapped', { cause: busy }))).toBe(true);

    await units().insert({ id: 'u1', path: ['u1'] });
    const duplicate = await units()
      .insert({ id: 'u1', path: ['u1'] })
      .catch((e: unknown) => e);
    expect(isStoreUnavailable(duplicate)).toBe(false);
    expect(isStoreUnavailable(new ConflictError('units', 'u1', 1, 2))).toBe(false);
    expect(isStoreUnavailable('SQLITE_BUSY')).toBe(false);
  });

  it('knows the MongoDB driver’s outage errors by name, code and label', () => {
    const named = (name: string, extra: object = {}) =>
      Object.assign(new Error(name), { name, ...extra });
    expect(isStoreUnavailable(named('MongoServerSelectionError'))).toBe(true);
    expect(isStoreUnavailable(named('MongoNetworkTimeoutError'))).toBe(true);
    expect(isStoreUnavailable(named('MongoServerError', { code: 10107 }))).toBe(true); // not primary
    expect(isStoreUnavailable(named('MongoServerError', { code: 11000 }))).toBe(false); // duplicate
    const labelled = named('MongoServerError', {
      code: 112,
      hasErrorLabel: (label: string) => label === 'TransientTransactionError',
    });
    expect(isStoreUnavailable(labelled)).toBe(true);
  });

  it('waits an outage out with one probe, telling the caller it is still working', async () => {
    const outage = storeOutage(store, 'test', silent);
    const { release } = await takeWriteLock(other);
    let tries = 0;
    let heartbeats = 0;
    const done = whileStoreUnavailable(
      async () => {
        tries += 1;
        await units().insert({ id: 'u2', path: ['u2'] });
        return 'recorded';
      },
      { outage, working: () => (heartbeats += 1), heartbeatMs: 20 },
    );
    await waitFor(() => outage.down && heartbeats > 3, { description: 'waiting, heartbeating' });
    // While it is down, the operation is not tried again: the probe alone knocks.
    expect(tries).toBe(1);
    await release();
    expect(await done).toBe('recorded');
    expect(tries).toBe(2);
    expect(outage.down).toBe(false);
    expect(await units().get('u2')).toMatchObject({ path: ['u2'] });
  });

  it('gives up at shutdown, and lets other errors through at once', async () => {
    const stopping = new AbortController();
    const outage = storeOutage(store, 'test', silent, stopping.signal);
    const { release } = await takeWriteLock(other);
    const done = whileStoreUnavailable(() => units().insert({ id: 'u3', path: ['u3'] }), {
      outage,
      working: () => undefined,
      heartbeatMs: 20,
      signal: stopping.signal,
    }).catch((e: unknown) => e);
    await waitFor(() => outage.down);
    stopping.abort();
    expect(isStoreUnavailable(await done)).toBe(true);
    await release();
    await expect(
      whileStoreUnavailable(() => Promise.reject(new ConflictError('units', 'u4', 1, 2)), {
        outage,
        working: () => undefined,
        heartbeatMs: 20,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
