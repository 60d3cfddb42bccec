import { fileURLToPath } from 'node:url';
import { createLogger } from '@pcn/platform';
import { openSqliteStore, type Store } from '@pcn/storage';
import {
  spawnTsProcess,
  streamEventIds,
  tempDir,
  uniquePrefix,
  waitFor,
  type TempDir,
} from '@pcn/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectBus, type Bus } from './connect.js';
import { consultationOpened, notes, type Note } from './__fixtures__/fixture-events.js';
import { BusNames } from './names.js';
import { jetStreamPublisher, OutboxRelay, toOutboxMessage, type Publish } from './outbox-relay.js';
import { provisionStreams } from './provisioning.js';

const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const crashFixture = fileURLToPath(
  new URL('./__fixtures__/outbox-crash.fixture.ts', import.meta.url),
);

let bus: Bus;
let dir: TempDir;
let names: BusNames;
let store: Store;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  bus = await connectBus([inject('natsUrl')], 'outbox-relay-test', logger);
});
afterAll(async () => {
  await bus.drain();
});
beforeEach(async () => {
  dir = await tempDir();
  names = new BusNames(uniquePrefix('relay'));
  await provisionStreams(bus.jsm, names, logger);
  store = await openSqliteStore({ path: dir.file('service.db') });
  await store.migrate([notes]);
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  await store.close();
  await dir.remove();
});

function startRelay(
  options: {
    holder?: string;
    publish?: Publish;
    s?: Store;
    streamOf?: (subject: string) => string | undefined;
  } = {},
): OutboxRelay {
  const relay = new OutboxRelay({
    store: options.s ?? store,
    logger,
    holder: options.holder ?? 'test-relay',
    idleMs: 20,
    retryBaseMs: 50,
    streamOf: options.streamOf,
    publish:
      options.publish ??
      ((subject, payload, msgId) => bus.js.publish(subject, payload, { msgID: msgId })),
  });
  relay.start();
  relays.push(relay);
  return relay;
}

/** Every message in the draft stream, oldest first, as the event ids it carries. */
function streamIds(): Promise<string[]> {
  return streamEventIds(bus.jsm, names.stream('draft'));
}

describe('outbox relay', () => {
  it('publishes committed events in commit order, with the event id as Nats-Msg-Id, and marks them published', async () => {
    const events = Array.from({ length: 300 }, (_, i) => consultationOpened(`draft-${i}`));
    for (const chunk of [events.slice(0, 120), events.slice(120)]) {
      await store.transaction(async (tx) => {
        await tx.enqueue(chunk.map((e) => toOutboxMessage(names, e)));
      });
    }
    startRelay();
    await waitFor(async () => (await store.outbox.stats()).pending === 0, {
      description: 'outbox drained',
    });
    expect(await streamIds()).toEqual(events.map((e) => e.id));
    const m = await bus.jsm.streams.getMessage(names.stream('draft'), { seq: 1 });
    expect(m?.header.get('Nats-Msg-Id')).toBe(events[0]?.id);
    expect((await store.outbox.stats()).published).toBe(300);
  });

  it('publishes nothing from a transaction that rolled back', async () => {
    const kept = consultationOpened('draft-kept');
    await expect(
      store.transaction(async (tx) => {
        await tx.enqueue([toOutboxMessage(names, consultationOpened('draft-lost'))]);
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    await store.transaction((tx) => tx.enqueue([toOutboxMessage(names, kept)]));
    startRelay();
    await waitFor(async () => (await store.outbox.stats()).pending === 0);
    expect(await streamIds()).toEqual([kept.id]);
  });

  it('after a crash between commit and publish, publishes the event exactly once on restart', async () => {
    const crashed = spawnTsProcess(crashFixture, {
      SQLITE_FILE: dir.file('service.db'),
      NATS_URL: inject('natsUrl'),
      BUS_PREFIX: names.prefix,
      MODE: 'commit-then-die',
      DRAFT_ID: 'draft-crash-1',
    });
    const [, eventId] = await crashed.waitForLine(/^committed (\S+)$/);
    expect((await crashed.exited).signal).toBe('SIGKILL');
    expect(await streamIds()).toEqual([]);
    expect(await store.collection<Note>(notes).get('draft-crash-1')).not.toBeNull();

    startRelay();
    await waitFor(async () => (await store.outbox.stats()).pending === 0, {
      description: 'outbox drained',
    });
    expect(await streamIds()).toEqual([eventId]);
  });

  it('after a crash between publish and marking it sent, the republish is de-duplicated: exactly once', async () => {
    const event = consultationOpened('draft-crash-2');
    await store.transaction((tx) => tx.enqueue([toOutboxMessage(names, event)]));
    await store.close();
    const crashed = spawnTsProcess(crashFixture, {
      SQLITE_FILE: dir.file('service.db'),
      NATS_URL: inject('natsUrl'),
      BUS_PREFIX: names.prefix,
      MODE: 'publish-then-die',
      DRAFT_ID: 'unused',
    });
    await crashed.waitForLine(new RegExp(`^published ${event.id}$`));
    expect((await crashed.exited).signal).toBe('SIGKILL');
    store = await openSqliteStore({ path: dir.file('service.db') });
    // Still pending: the crash came before the mark.
    expect((await store.outbox.stats()).pending).toBe(1);

    let acks = 0;
    let duplicates = 0;
    // The same replica restarted: it holds the lease its previous run took.
    startRelay({
      holder: 'crashing-relay',
      publish: async (subject, payload, msgId) => {
        const ack = await bus.js.publish(subject, payload, { msgID: msgId });
        acks += 1;
        if (ack.duplicate) duplicates += 1;
        return ack;
      },
    });
    await waitFor(async () => (await store.outbox.stats()).pending === 0, {
      description: 'outbox drained',
    });
    expect(acks).toBe(1);
    expect(duplicates).toBe(1);
    expect(await streamIds()).toEqual([event.id]);
  });

  it('retries with backoff while JetStream refuses, then publishes once it accepts', async () => {
    const event = consultationOpened('draft-retry');
    await store.transaction((tx) => tx.enqueue([toOutboxMessage(names, event)]));
    let failures = 0;
    startRelay({
      publish: async (subject, payload, msgId) => {
        if (failures < 3) {
          failures += 1;
          throw new Error('simulated: no responders');
        }
        return bus.js.publish(subject, payload, { msgID: msgId });
      },
    });
    await waitFor(async () => (await store.outbox.stats()).pending === 0, {
      description: 'outbox drained',
    });
    expect(failures).toBe(3);
    expect(await streamIds()).toEqual([event.id]);
  });

  it('keeps stream order when one publish in the middle of the pipeline fails', async () => {
    const events = Array.from({ length: 40 }, (_, i) => consultationOpened(`draft-o${i}`));
    await store.transaction((tx) => tx.enqueue(events.map((e) => toOutboxMessage(names, e))));
    const failOnce = new Set([events[3]?.id, events[17]?.id]);
    const real = jetStreamPublisher(bus.js);
    startRelay({
      streamOf: (subject) => names.streamOfSubject(subject),
      publish: async (subject, payload, msgId, expected) => {
        if (failOnce.delete(msgId)) throw new Error('simulated: publish timed out');
        return real(subject, payload, msgId, expected);
      },
    });
    await waitFor(async () => (await store.outbox.stats()).pending === 0, {
      description: 'outbox drained',
    });
    expect(failOnce.size).toBe(0);
    expect(await streamIds()).toEqual(events.map((e) => e.id));
  });

  it('without the ordering chain, the same failure lets later events overtake (the chain is what keeps order)', async () => {
    const events = Array.from({ length: 40 }, (_, i) => consultationOpened(`draft-p${i}`));
    await store.transaction((tx) => tx.enqueue(events.map((e) => toOutboxMessage(names, e))));
    const failOnce = new Set([events[3]?.id]);
    const real = jetStreamPublisher(bus.js);
    startRelay({
      publish: async (subject, payload, msgId, expected) => {
        if (failOnce.delete(msgId)) throw new Error('simulated: publish timed out');
        return real(subject, payload, msgId, expected);
      },
    });
    await waitFor(async () => (await store.outbox.stats()).pending === 0, {
      description: 'outbox drained',
    });
    const ids = await streamIds();
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
    expect(ids.at(-1)).toBe(events[3]?.id);
  });

  it('with two replicas relaying one store, only the lease holder publishes, and each event goes out once', async () => {
    const second = await openSqliteStore({ path: dir.file('service.db') });
    const published: string[] = [];
    const counting: Publish = async (subject, payload, msgId) => {
      published.push(msgId);
      return bus.js.publish(subject, payload, { msgID: msgId });
    };
    startRelay({ holder: 'replica-a', publish: counting });
    startRelay({ holder: 'replica-b', publish: counting, s: second });
    const events = Array.from({ length: 50 }, (_, i) => consultationOpened(`draft-r${i}`));
    for (const e of events)
      await store.transaction((tx) => tx.enqueue([toOutboxMessage(names, e)]));
    await waitFor(async () => (await store.outbox.stats()).pending === 0, {
      description: 'outbox drained',
    });
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await second.close();
    expect(published).toEqual(events.map((e) => e.id));
    expect(await streamIds()).toEqual(events.map((e) => e.id));
  });
});
