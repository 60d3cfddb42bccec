import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  BusNames,
  createEventFactory,
  DeadLetterHeaders,
  type EventData,
  type EventType,
} from '@pcn/events';
import { holdWriteLock, openStore, type Store } from '@pcn/storage';
import {
  freePorts,
  readStream,
  ServiceProcesses,
  tempDir,
  uniquePrefix,
  waitFor,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { draftAudience } from './app/feedback.fixtures.js';
import {
  draftsCollection,
  feedbackCollections,
  unitsCollection,
} from './infra/feedback.collections.js';

/**
 * Issue #11 §6: the feedback service's store locked for longer than its consumers' whole retry
 * schedule (made small: 10 s twice, 3 deliveries; entries below SQLite's 5 s busy timeout are
 * covered by `packages/service-kit/src/backend-host.e2e.spec.ts`). The old code dead-lettered every event within about 35 s. Events of both its
 * consumers (drafts and directory) arrive during the outage; once the lock goes, each takes
 * effect once, by itself, and nothing is dead-lettered.
 */
const OUTAGE_MS = 45_000;
const DRAFTS = 3;

let dir: TempDir;
let nc: NatsConnection;
let services: ServiceProcesses;
let watcher: Store | undefined;
const prefix = uniquePrefix('fboutage');
const names = new BusNames(prefix);

async function publish<T extends EventType>(
  source: string,
  type: T,
  subject: string,
  data: EventData<T>,
) {
  const event = createEventFactory(source, { now: () => new Date() }).create(type, subject, data);
  await jetstream(nc).publish(names.subjectFor(type), JSON.stringify(event), { msgID: event.id });
}

beforeAll(async () => {
  dir = await tempDir('pcn-feedback-outage-');
  services = new ServiceProcesses({
    servicesDir: new URL('../../', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix: prefix,
  });
  nc = await connect({ servers: inject('natsUrl') });
}, 60_000);

afterAll(async () => {
  await services?.stopAll('SIGKILL');
  await watcher?.close();
  await nc?.drain();
  await dir?.remove();
});

describe('a store outage longer than the retry schedule', () => {
  it('dead-letters nothing: every draft and directory event takes effect once the store is back, by itself', async () => {
    const feedback = services.launch('feedback', {
      SQLITE_FILE: dir.file('feedback.db'),
      GRPC_PORT: String(await freePorts(1)),
      EVENT_RETRY_BACKOFF: '10s,10s',
    });
    await feedback.waitForLine(/gRPC serving/, 30_000);

    const lock = await holdWriteLock(dir.file('feedback.db'));
    try {
      const lockedAt = Date.now();
      await publish('gateway', 'pcn.directory.v1.UnitsChanged', 'directory', {
        units: [
          { id: 'lao-cai', name: 'Lào Cai', level: 'province', path: ['lao-cai'], active: true },
        ],
        treeFingerprint: 'c'.repeat(64),
        part: 1,
        parts: 1,
      });
      for (let i = 0; i < DRAFTS; i++)
        await publish('draft', 'pcn.draft.v1.ConsultationOpened', `d-outage-${i}`, {
          ...draftAudience(`d-outage-${i}`),
          opensAt: new Date(Date.now() - 86_400_000).toISOString(),
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
          articles: [{ id: 'a1', number: '1', heading: { vi: 'Phạm vi' }, clauseIds: [] }],
        });
      await waitFor(() => Date.now() - lockedAt >= OUTAGE_MS, {
        description: 'the outage to outlast the retry schedule',
        timeoutMs: OUTAGE_MS + 10_000,
        intervalMs: 250,
      });
    } finally {
      await lock.release();
    }

    watcher = await openStore({ kind: 'sqlite', path: dir.file('feedback.db') });
    await watcher.migrate(feedbackCollections);
    const store = watcher;
    const drafts = await waitFor(
      async () => {
        const n = await store.collection(draftsCollection).count({});
        return n === DRAFTS ? n : undefined;
      },
      { timeoutMs: 30_000, description: 'every draft learnt' },
    );
    expect(drafts).toBe(DRAFTS);
    await waitFor(async () => (await store.collection(unitsCollection).get('lao-cai')) !== null, {
      timeoutMs: 30_000,
      description: 'the unit tree learnt',
    });
    const jsm = await jetstreamManager(nc);
    const letters = await readStream(jsm, names.deadLetterStream);
    expect(letters.map((l) => `${l.subject}: ${l.header.get(DeadLetterHeaders.Reason)}`)).toEqual(
      [],
    );
    expect(feedback.lines.some((l) => l.includes('store available again'))).toBe(true);
    console.log(
      `feedback store outage test: locked ${OUTAGE_MS} ms (retry schedule 10s,10s, 3 deliveries); ` +
        `${DRAFTS} draft events and 1 directory event took effect once the store was back; 0 dead letters`,
    );
  }, 120_000);
});
