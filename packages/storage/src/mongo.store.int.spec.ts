import { randomUUID } from 'node:crypto';
import { MongoDBContainer, type StartedMongoDBContainer } from '@testcontainers/mongodb';
import { MongoClient } from 'mongodb';
import { getContainerRuntimeClient } from 'testcontainers';
import { afterAll, describe, it } from 'vitest';
import { openMongoStore } from './mongo.store.js';
import { storeContractSuite } from './store.contract-suite.js';

/**
 * Runs the contract suite on MongoDB: on `MONGO_URL` (a replica set) when set, else on a
 * throw-away `mongo:8` replica set in Docker. Without either, the suite is skipped visibly.
 */
const target = await findMongo();

if (target.url === null) {
  const reason = `MongoDB contract suite skipped: ${target.reason}`;
  console.warn(reason);
  // Skipped on purpose, reason in the name and printed above: no MongoDB is reachable here.
  describe.skip(`MongoDB store contract — skipped: ${target.reason}`, () => {
    it(reason, () => undefined);
  });
} else {
  const url = target.url;
  // One database per store, so tests never see each other's data; all dropped at the end.
  const runId = randomUUID().slice(0, 8);
  const databases: string[] = [];

  afterAll(async () => {
    const client = new MongoClient(url);
    try {
      for (const name of databases) await client.db(name).dropDatabase();
    } finally {
      await client.close();
      await target.container?.stop();
    }
  }, 60_000);

  storeContractSuite('MongoDB', () => {
    const database = `pcn_test_${runId}_${databases.length + 1}`;
    databases.push(database);
    return openMongoStore({ url, database });
  });
}

type Target =
  | { url: string; container: StartedMongoDBContainer | null; reason?: undefined }
  | { url: null; reason: string; container?: undefined };

async function findMongo(): Promise<Target> {
  const fromEnv = process.env.MONGO_URL;
  if (fromEnv !== undefined && fromEnv !== '') return { url: fromEnv, container: null };
  try {
    // Fails within milliseconds when no container runtime answers.
    await getContainerRuntimeClient();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { url: null, reason: `MONGO_URL is not set and no Docker engine answered (${message})` };
  }
  const container = await new MongoDBContainer('mongo:8').start();
  // The replica set advertises the container's own host name; connect to the mapped port directly.
  return { url: `${container.getConnectionString()}/?directConnection=true`, container };
}
