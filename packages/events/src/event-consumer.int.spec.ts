import { fileURLToPath } from 'node:url';
import { createLogger, currentContext, uuidv7, type WorkContext } from '@pcn/platform';
import { openSqliteStore, type Store } from '@pcn/storage';
import {
  readStream,
  spawnTsProcess,
  tempDir,
  uniquePrefix,
  waitFor,
  type TempDir,
} from '@pcn/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EventType } from './catalogue.js';
import { connectBus, type Bus } from './connect.js';
import { DeadLetterHeaders } from './dead-letter.js';
import { consultationOpened, effects, type Effect } from './__fixtures__/fixture-events.js';
import { EventConsumer, PermanentEventError, type EventHandler } from './event-consumer.js';
import { idempotent } from './idempotent-handler.js';
import { BusNames } from './names.js';
import { consumerSpec, provisionConsumer, provisionStreams } from './provisioning.js';

const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const crashFixture = fileURLToPath(
  new URL('./__fixtures__/consumer-crash.fixture.ts', import.meta.url),
);
const OPENED: EventType = 'pcn.draft.v1.ConsultationOpened';

let bus: Bus;
let dir: TempDir;
let names: BusNames;
let store: Store;
const consumers: EventConsumer[] = [];

beforeAll(async () => {
  bus = await connectBus([inject('natsUrl')], 'consumer-test', logger);
});
afterAll(async () => {
  await bus.drain();
});
beforeEach(async () => {
  dir = await tempDir();
  names = new BusNames(uniquePrefix('cons'));
  await provisionStreams(bus.jsm, names, logger);
  store = await openSqliteStore({ path: dir.file('consumer.db') });
  await store.migrate([effects]);
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.stop()));
  await store.close();
  await dir.remove();
});

function spec(maxDeliver = 5) {
  return consumerSpec({
    durable: names.durable('fixture', 'effects'),
    stream: names.stream('draft'),
    backoffMs: [300, 300],
    maxDeliver,
  });
}

async function startConsumer(handler: EventHandler, maxDeliver = 5): Promise<EventConsumer> {
  const s = spec(maxDeliver);
  await provisionConsumer(bus.jsm, names, s, logger);
  const consumer = new EventConsumer({
    js: bus.js,
    jsm: bus.jsm,
    names,
    spec: s,
    types: [OPENED],
    handler,
    logger,
    concurrency: 4,
  });
  consumer.start();
  consumers.push(consumer);
  return consumer;
}

async function publishRaw(
  type: string,
  body: string | Uint8Array,
  msgId = uuidv7(),
): Promise<void> {
  await bus.js.publish(`${names.prefix}.${type}`, body, { msgID: msgId });
}

async function deadLetters() {
  return (await readStream(bus.jsm, names.deadLetterStream)).map((m) => ({
    subject: m.subject,
    header: m.header,
    body: m.string(),
  }));
}

async function pendingAcks(): Promise<number> {
  const info = await bus.jsm.consumers.info(
    names.stream('draft'),
    names.durable('fixture', 'effects'),
  );
  return info.num_ack_pending + info.num_pending;
}

describe('event consumer', () => {
  it('hands each event to the handler in its work context and acks after the effect commits', async () => {
    const seen: string[] = [];
    const contexts: (WorkContext | undefined)[] = [];
    const handler = idempotent(store, 'c', async (tx, event) => {
      seen.push(event.id);
      contexts.push(currentContext());
      await tx.collection<Effect>(effects).insert({ id: `e-${event.id}`, eventId: event.id });
    });
    await startConsumer(handler);
    const events = Array.from({ length: 20 }, (_, i) => consultationOpened(`d${i}`));
    for (const e of events) await publishRaw(e.type, JSON.stringify(e), e.id);
    await waitFor(async () => (await store.collection<Effect>(effects).count()) === 20, {
      description: '20 effects',
    });
    await waitFor(async () => (await pendingAcks()) === 0, { description: 'all acked' });
    expect(new Set(seen)).toEqual(new Set(events.map((e) => e.id)));
    // The work runs in the event's correlation, caused by the event itself.
    for (const [i, id] of seen.entries()) {
      const event = events.find((e) => e.id === id);
      expect(contexts[i]).toEqual({ correlationId: event?.correlationId, causationId: id });
    }
  });

  it('skips the effect when the same event is delivered again (inbox)', async () => {
    const handler = idempotent(store, 'c', async (tx, event) => {
      await tx.collection<Effect>(effects).insert({ id: `e-${uuidv7()}`, eventId: event.id });
    });
    const event = consultationOpened('dup');
    await handler(event, { deliveryCount: 1, working: () => undefined });
    await handler(event, { deliveryCount: 2, working: () => undefined });
    expect(await store.collection<Effect>(effects).count()).toBe(1);
    expect(await store.isProcessed('c', event.id)).toBe(true);
  });

  it('when the consumer dies after its effect but before its ack, the effect still happens exactly once', async () => {
    const s = spec();
    await provisionConsumer(bus.jsm, names, s, logger);
    const event = consultationOpened('crash-before-ack');
    await publishRaw(event.type, JSON.stringify(event), event.id);
    const crashed = spawnTsProcess(crashFixture, {
      SQLITE_FILE: dir.file('consumer.db'),
      NATS_URL: inject('natsUrl'),
      BUS_PREFIX: names.prefix,
    });
    await crashed.waitForLine(new RegExp(`^effect committed ${event.id}$`));
    expect((await crashed.exited).signal).toBe('SIGKILL');
    expect(await store.collection<Effect>(effects).count()).toBe(1);

    // The restarted consumer gets the redelivery, finds the inbox record and only acks.
    const deliveries: number[] = [];
    const effect = idempotent(store, names.durable('fixture', 'effects'), async (tx, e) => {
      await tx.collection<Effect>(effects).insert({ id: `again-${e.id}`, eventId: e.id });
    });
    await startConsumer(async (e, d) => {
      deliveries.push(d.deliveryCount);
      await effect(e, d);
    });
    await waitFor(() => deliveries.length > 0, { description: 'redelivery' });
    await waitFor(async () => (await pendingAcks()) === 0, { description: 'redelivery acked' });
    expect(deliveries[0]).toBeGreaterThanOrEqual(2);
    expect(await store.collection<Effect>(effects).count()).toBe(1);
  });

  it('dead-letters an event that fails its schema, with the reason and the original bytes, and goes on', async () => {
    const handled: string[] = [];
    await startConsumer(async (e) => {
      handled.push(e.subject);
    });
    const bad = { ...consultationOpened('bad'), data: { draftId: 'bad', title: { en: 'no vi' } } };
    const badBody = JSON.stringify(bad);
    await publishRaw(bad.type, badBody, bad.id);
    const good = consultationOpened('good');
    await publishRaw(good.type, JSON.stringify(good), good.id);

    await waitFor(() => handled.includes('good'), { description: 'the next event handled' });
    const letters = await waitFor(async () => {
      const l = await deadLetters();
      return l.length === 1 ? l : undefined;
    });
    const [letter] = letters;
    expect(letter?.body).toBe(badBody);
    expect(letter?.subject).toBe(names.deadLetterSubject(names.durable('fixture', 'effects')));
    expect(letter?.header.get(DeadLetterHeaders.Reason)).toMatch(
      /invalid pcn\.draft\.v1\.ConsultationOpened: .*title/,
    );
    expect(letter?.header.get(DeadLetterHeaders.Consumer)).toBe(
      names.durable('fixture', 'effects'),
    );
    expect(letter?.header.get(DeadLetterHeaders.OriginalSubject)).toBe(
      `${names.prefix}.${bad.type}`,
    );
    expect(handled).toEqual(['good']);
    await waitFor(async () => (await pendingAcks()) === 0, { description: 'nothing left pending' });
  });

  it('dead-letters malformed JSON, an unknown event type and an envelope without an id', async () => {
    await startConsumer(async () => undefined);
    await publishRaw('pcn.draft.v1.ConsultationOpened', '{not json');
    const unknown = { ...consultationOpened('x'), type: 'pcn.draft.v1.DraftExploded' };
    await publishRaw('pcn.draft.v1.DraftExploded', JSON.stringify(unknown));
    const noId = { ...consultationOpened('y'), id: 'not-a-uuid' };
    await publishRaw('pcn.draft.v1.ConsultationOpened', JSON.stringify(noId));
    const letters = await waitFor(async () => {
      const l = await deadLetters();
      return l.length === 3 ? l : undefined;
    });
    const reasons = letters.map((l) => l.header.get(DeadLetterHeaders.Reason));
    expect(reasons[0]).toBe('payload is not JSON');
    expect(reasons[1]).toMatch(/type: is not in the event catalogue/);
    expect(reasons[2]).toMatch(/id: must be a UUIDv7/);
  });

  it('dead-letters a poison event that crashed its replica, from the kept MAX_DELIVERIES advisory', async () => {
    const s = consumerSpec({
      durable: names.durable('fixture', 'effects'),
      stream: names.stream('draft'),
      backoffMs: [],
      ackWaitMs: 500,
      maxDeliver: 1,
    });
    await provisionConsumer(bus.jsm, names, s, logger);
    const poison = consultationOpened('poison');
    await publishRaw(poison.type, JSON.stringify(poison), poison.id);
    const crashed = spawnTsProcess(crashFixture, {
      SQLITE_FILE: dir.file('consumer.db'),
      NATS_URL: inject('natsUrl'),
      BUS_PREFIX: names.prefix,
      MODE: 'die',
      MAX_DELIVER: '1',
      BACKOFF_MS: '',
    });
    await crashed.waitForLine(new RegExp(`^delivery 1 of ${poison.id}$`));
    expect((await crashed.exited).signal).toBe('SIGKILL');
    // The next pull finds the delivery limit reached, and JetStream announces it. Whoever pulled
    // may die too; the advisory stream keeps the notice for the next replica.
    const raw = await bus.js.consumers.get(s.stream, s.durable);
    expect(await raw.next({ expires: 2000 })).toBeNull();
    await waitFor(
      async () => (await bus.jsm.streams.info(names.advisoryStream)).state.messages === 1,
      {
        description: 'the MAX_DELIVERIES advisory kept',
      },
    );
    expect(await deadLetters()).toEqual([]);
    const consumer = new EventConsumer({
      js: bus.js,
      jsm: bus.jsm,
      names,
      spec: s,
      types: [OPENED],
      logger,
      handler: () => Promise.reject(new Error('never delivered again')),
    });
    consumer.start();
    consumers.push(consumer);
    const [letter] = await waitFor(async () => {
      const l = await deadLetters();
      return l.length === 1 ? l : undefined;
    });
    expect(letter?.header.get(DeadLetterHeaders.Reason)).toBe(
      'no ack after 1 deliveries (handler crashed or timed out)',
    );
    expect(JSON.parse(letter?.body ?? '{}')).toMatchObject({ id: poison.id });
  });

  it('naks a transient failure with a delay and succeeds on a later delivery', async () => {
    const attempts: number[] = [];
    await startConsumer(async (_e, d) => {
      attempts.push(d.deliveryCount);
      if (d.deliveryCount < 3) throw new Error('database busy');
    });
    const e = consultationOpened('transient');
    await publishRaw(e.type, JSON.stringify(e), e.id);
    await waitFor(() => attempts.length === 3, { description: 'three attempts' });
    await waitFor(async () => (await pendingAcks()) === 0, { description: 'acked' });
    expect(attempts).toEqual([1, 2, 3]);
    expect(await deadLetters()).toEqual([]);
  });

  it('dead-letters after max deliveries, and at once for a PermanentEventError', async () => {
    const calls: string[] = [];
    await startConsumer(async (e, d) => {
      calls.push(`${e.subject}#${d.deliveryCount}`);
      if (e.subject === 'permanent') throw new PermanentEventError('draft can never exist');
      throw new Error('still failing');
    }, 3);
    const always = consultationOpened('always');
    const permanent = consultationOpened('permanent');
    await publishRaw(always.type, JSON.stringify(always), always.id);
    await publishRaw(permanent.type, JSON.stringify(permanent), permanent.id);
    const letters = await waitFor(async () => {
      const l = await deadLetters();
      return l.length === 2 ? l : undefined;
    });
    const byReason = letters.map((l) => l.header.get(DeadLetterHeaders.Reason)).sort();
    expect(byReason).toEqual(['draft can never exist', 'failed after 3 deliveries: still failing']);
    expect(calls.sort()).toEqual(['always#1', 'always#2', 'always#3', 'permanent#1']);
  });

  it('runs at most `concurrency` handlers at once, and uses that many', async () => {
    // Everything is waiting before the consumer starts, and handlers hold until four run at once.
    for (let i = 0; i < 24; i++) {
      const e = consultationOpened(`c${i}`);
      await publishRaw(e.type, JSON.stringify(e), e.id);
    }
    let running = 0;
    let peak = 0;
    let done = 0;
    let releaseAll: () => void = () => undefined;
    const fourRunning = new Promise<void>((resolve) => {
      releaseAll = resolve;
    });
    await startConsumer(async () => {
      running += 1;
      peak = Math.max(peak, running);
      if (running === 4) releaseAll();
      await fourRunning;
      running -= 1;
      done += 1;
    });
    await waitFor(() => done === 24, { description: '24 handled' });
    expect(peak).toBe(4);
  });

  it('restarts its consume loop after the consumer disappears, and goes on once it is back', async () => {
    const handled: string[] = [];
    const consumer = await startConsumer(async (e) => {
      handled.push(e.subject);
    });
    const first = consultationOpened('before');
    await publishRaw(first.type, JSON.stringify(first), first.id);
    await waitFor(() => handled.includes('before'));
    await bus.jsm.consumers.delete(names.stream('draft'), names.durable('fixture', 'effects'));
    // An operator re-provisions it (as a restarted service would); the loop picks it up again.
    await provisionConsumer(bus.jsm, names, spec(), logger);
    const second = consultationOpened('after');
    await publishRaw(second.type, JSON.stringify(second), second.id);
    await waitFor(() => consumer.restarts > 0, { description: 'the loop restarted' });
    await waitFor(() => handled.includes('after'), {
      timeoutMs: 20_000,
      description: 'handled after restart',
    });
  });

  it('acknowledges and skips event types it does not handle', async () => {
    const handled: string[] = [];
    await startConsumer(async (e) => {
      handled.push(e.type);
    });
    const other = {
      ...consultationOpened('o'),
      type: 'pcn.draft.v1.ConsultationClosingSoon',
    };
    await publishRaw(other.type, JSON.stringify(other), other.id);
    await waitFor(async () => (await pendingAcks()) === 0, { description: 'skipped and acked' });
    expect(handled).toEqual([]);
    expect(await deadLetters()).toEqual([]);
  });
});
