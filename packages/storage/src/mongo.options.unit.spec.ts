import { MongoClient, ReadPreference, type TransactionOptions } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  assertPinnedOptions,
  mongoClientOptions,
  pingOptions,
  PING_TIMEOUT_MS,
  TRANSACTION_OPTIONS,
} from './mongo.options.js';
import { MongoStore } from './mongo.store.js';

// A connection string that asks for everything the store must not do. Constructing a client
// parses the options with the installed driver and opens no connection.
const HOSTILE_URL =
  'mongodb://db-0.example,db-1.example/?replicaSet=rs0&w=1&journal=false' +
  '&readPreference=secondaryPreferred&readConcernLevel=local';

describe('mongoClientOptions', () => {
  it('pins majority, journaled writes and primary reads whatever the URL says', () => {
    const client = new MongoClient(HOSTILE_URL, mongoClientOptions());
    expect(client.options.writeConcern?.w).toBe('majority');
    expect(client.options.writeConcern?.journal).toBe(true);
    expect(client.options.readPreference.mode).toBe(ReadPreference.PRIMARY);
    expect(() => assertPinnedOptions(client.options)).not.toThrow();
  });

  it('keeps extra options but does not let them undo the pins', () => {
    const options = mongoClientOptions({
      appName: 'pcn-test',
      writeConcern: { w: 1 },
      readPreference: 'nearest',
    });
    const client = new MongoClient(HOSTILE_URL, options);
    expect(client.options.appName).toBe('pcn-test');
    expect(client.options.writeConcern?.w).toBe('majority');
    expect(client.options.readPreference.mode).toBe(ReadPreference.PRIMARY);
  });

  it('is what stops the URL: without it the driver takes w=1 and a secondary', () => {
    const client = new MongoClient(HOSTILE_URL);
    expect(client.options.writeConcern?.w).toBe(1);
    expect(() => assertPinnedOptions(client.options)).toThrow(/w=majority and primary/);
  });
});

describe('TRANSACTION_OPTIONS', () => {
  it('reads a snapshot, writes to a majority and runs on the primary', () => {
    expect(TRANSACTION_OPTIONS.readConcern).toEqual({ level: 'snapshot' });
    expect(TRANSACTION_OPTIONS.writeConcern).toMatchObject({ w: 'majority', journal: true });
    expect(ReadPreference.fromOptions(TRANSACTION_OPTIONS)?.mode).toBe(ReadPreference.PRIMARY);
  });

  it('wins over a session whose defaults say otherwise', () => {
    const client = new MongoClient(HOSTILE_URL, mongoClientOptions());
    const session = client.startSession({
      defaultTransactionOptions: { readConcern: { level: 'local' }, writeConcern: { w: 1 } },
    });
    try {
      session.startTransaction(TRANSACTION_OPTIONS);
      // `transaction` is internal to the driver (src/sessions.ts); read it to see what it resolved.
      const { options } = (session as unknown as { transaction: { options: TransactionOptions } })
        .transaction;
      expect(options.readConcern).toEqual({ level: 'snapshot' });
      expect(options.writeConcern).toMatchObject({ w: 'majority' });
    } finally {
      void session.abortTransaction().catch(() => undefined);
    }
  });
});

describe('pingOptions', () => {
  it('bounds the ping, server selection included, well under the 30 s default', () => {
    const options = pingOptions();
    expect(options.timeoutMS).toBe(PING_TIMEOUT_MS);
    expect(PING_TIMEOUT_MS).toBeLessThanOrEqual(5000);
    expect(options.signal.aborted).toBe(false);
    expect(pingOptions().signal).not.toBe(options.signal);
  });

  it('makes ping() give up on an unreachable replica set in about PING_TIMEOUT_MS', async () => {
    // No serverSelectionTimeoutMS in the URL: without the bound this waits the driver's 30 s
    // (and this test times out).
    const client = new MongoClient('mongodb://127.0.0.1:9/?replicaSet=rs0', mongoClientOptions());
    try {
      const store = new MongoStore(client, client.db('probe'), undefined);
      const started = performance.now();
      await expect(store.ping()).rejects.toThrow();
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(PING_TIMEOUT_MS - 100);
      expect(elapsed).toBeLessThan(PING_TIMEOUT_MS + 2000);
    } finally {
      await client.close();
    }
  }, 10_000);
});
