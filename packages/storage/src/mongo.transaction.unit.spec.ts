import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { mongoClientOptions } from './mongo.options.js';
import { guardWrite, MongoStore, transactionContext } from './mongo.store.js';
import { InvalidArgumentError } from '@pcn/platform';
import { TransactionUsageError } from './transaction-usage.js';

// No server: the guards act before any command is sent, and a transaction that sent none
// commits and aborts without one (`src/sessions.ts`, `TxnState.STARTING_TRANSACTION`).
const UNREACHABLE = 'mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=200';

describe('transactionContext', () => {
  it('runs operations one at a time, in call order', async () => {
    const ctx = transactionContext(undefined, () => true);
    const log: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = ctx.run(async () => {
      log.push('first started');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('first done');
      return 1;
    });
    const second = ctx.run(() => {
      log.push('second started');
      return Promise.resolve(2);
    });
    // Let the first reach its wait; the second must not have started meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['first started']);
    releaseFirst();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first started', 'first done', 'second started']);
  });

  it('keeps going after a failed operation', async () => {
    const ctx = transactionContext(undefined, () => true);
    const failed = ctx.run(() => Promise.reject(new Error('boom')));
    const next = ctx.run(() => Promise.resolve('ok'));
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ok');
  });

  it('refuses operations once the transaction has finished, queued ones included', async () => {
    let active = true;
    const ctx = transactionContext(undefined, () => active);
    let releaseFirst: () => void = () => undefined;
    const first = ctx.run(() => new Promise<void>((resolve) => (releaseFirst = resolve)));
    const queued = ctx.run(() => Promise.resolve('too late'));
    await new Promise((resolve) => setImmediate(resolve));
    active = false;
    releaseFirst();
    await first;
    await expect(queued).rejects.toBeInstanceOf(TransactionUsageError);
    expect(() => ctx.check()).toThrow(TransactionUsageError);
  });
});

describe('MongoStore transaction guards (no server needed)', () => {
  let client: MongoClient | undefined;

  afterEach(async () => {
    await client?.close();
  });

  function store() {
    client = new MongoClient(UNREACHABLE, mongoClientOptions());
    return new MongoStore(client, client.db('guards'), undefined);
  }

  it('refuses a nested transaction with TransactionUsageError, as SQLite does', async () => {
    const s = store();
    await expect(
      s.transaction(() => s.transaction(() => Promise.resolve(1))),
    ).rejects.toBeInstanceOf(TransactionUsageError);
    await expect(s.transaction(() => s.transaction(() => Promise.resolve(1)))).rejects.toThrow(
      /do not nest/,
    );
  });

  it('refuses store calls from inside a transaction, as SQLite does', async () => {
    const s = store();
    const inside: (() => Promise<unknown>)[] = [
      () => s.isProcessed('consumer', 'event'),
      () => s.acquireLease('relay', 'me', 1000, new Date()),
      () => s.releaseLease('relay', 'me'),
      () => s.outbox.pending(10, new Date()),
      () => s.outbox.stats(),
      () => s.ping(),
      () => s.migrate([]),
    ];
    for (const call of inside) {
      await expect(s.transaction(() => call())).rejects.toBeInstanceOf(TransactionUsageError);
    }
  });

  it('commits an empty transaction and returns its result', async () => {
    const s = store();
    expect(await s.transaction(() => Promise.resolve('done'))).toBe('done');
  });
});

describe('guardWrite', () => {
  it('is an upsert that changes the document on every call, so it always takes a write lock', () => {
    const first = guardWrite('subscribe:contact:k', new Date(0));
    const again = guardWrite('subscribe:contact:k', new Date(0));
    expect(first.filter).toEqual({ _id: 'subscribe:contact:k' });
    expect(first.options).toEqual({ upsert: true });
    // Same clock, same key: only $inc keeps the second call from being a no-op MongoDB skips.
    expect(again.update).toEqual({ $inc: { n: 1 }, $set: { at: new Date(0) } });
  });

  it('validates the key before writing anything', async () => {
    const client = new MongoClient(UNREACHABLE, mongoClientOptions());
    try {
      const s = new MongoStore(client, client.db('guards'), undefined);
      await expect(s.transaction((tx) => tx.guard(''))).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    } finally {
      await client.close();
    }
  });
});
