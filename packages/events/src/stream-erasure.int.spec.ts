import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AckPolicy, type JsMsg } from '@nats-io/jetstream';
import { createLogger } from '@pcn/platform';
import { startNatsServer, uniquePrefix, type NatsServer } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus, type Bus } from './connect.js';
import { publishDeadLetter } from './dead-letter.js';
import { BusNames } from './names.js';
import { provisionStreams } from './provisioning.js';
import { eraseEventsHolding, type EventHolds } from './stream-erasure.js';

// Erasure on the bus against a nats-server of its own, so the test can read the JetStream store
// directory's bytes: matched events and dead letters are gone byte for byte, the rest stays.
const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const MAI = 'mai.erase@example.vn';
const HANG = 'hang.keep@example.vn';

let server: NatsServer;
let bus: Bus;

beforeAll(async () => {
  server = await startNatsServer();
  bus = await connectBus([server.url], 'stream-erasure-test', logger);
});
afterAll(async () => {
  await bus?.drain();
  await server?.stop();
});

function storeBytes(): string {
  return readdirSync(server.storeDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}

const received = (id: string, email: string | null) =>
  JSON.stringify({
    id,
    type: 'pcn.feedback.v1.FeedbackReceived',
    data: { feedbackId: id, replyTo: email ? { channel: 'email', email } : null },
  });
const holdsMai: EventHolds = (type, data) =>
  type === 'pcn.feedback.v1.FeedbackReceived' &&
  (data as { replyTo?: { email?: string } | null }).replyTo?.email === MAI;

async function network() {
  const names = new BusNames(uniquePrefix('erase'));
  await provisionStreams(bus.jsm, names, logger);
  const publish = (body: string) =>
    bus.js.publish(names.subjectFor('pcn.feedback.v1.FeedbackReceived'), body);
  return { names, publish };
}

describe('eraseEventsHolding', () => {
  it('erases matching events and their dead letters, bytes overwritten; others stay', async () => {
    const { names, publish } = await network();
    const first = await publish(received('f1', MAI));
    await publish(received('f2', HANG));
    await publish(received('f3', null));
    const third = await publish(received('f4', MAI));
    // A dead letter of one of Mai's events, and one of another stream that holds junk.
    await publishDeadLetter(bus.js, names, {
      durable: 'notification-replies',
      reason: 'test',
      stream: names.stream('feedback'),
      streamSequence: first.seq,
      subject: names.subjectFor('pcn.feedback.v1.FeedbackReceived'),
      deliveries: 6,
      data: new TextEncoder().encode(received('f1', MAI)),
    });
    await publishDeadLetter(bus.js, names, {
      durable: 'feedback-drafts',
      reason: 'junk',
      stream: names.stream('draft'),
      streamSequence: 9,
      subject: names.subjectFor('pcn.draft.v1.DraftCreated'),
      deliveries: 1,
      data: new TextEncoder().encode('not json {'),
    });
    expect(storeBytes()).toContain(MAI);

    const dry = await eraseEventsHolding({
      js: bus.js,
      jsm: bus.jsm,
      names,
      domain: 'feedback',
      holds: holdsMai,
      dryRun: true,
      logger,
    });
    expect(dry.messages).toHaveLength(3);
    expect(storeBytes()).toContain(MAI);

    const result = await eraseEventsHolding({
      js: bus.js,
      jsm: bus.jsm,
      names,
      domain: 'feedback',
      holds: holdsMai,
      dryRun: false,
      logger,
    });
    expect(result).toEqual({
      messages: [
        {
          stream: names.stream('feedback'),
          seq: first.seq,
          subject: 'pcn.feedback.v1.FeedbackReceived',
        },
        {
          stream: names.stream('feedback'),
          seq: third.seq,
          subject: 'pcn.feedback.v1.FeedbackReceived',
        },
        {
          stream: names.deadLetterStream,
          seq: 1,
          subject: 'pcn.feedback.v1.FeedbackReceived',
        },
      ],
      unsettled: [],
    });
    const bytes = storeBytes();
    expect(bytes).toContain(HANG); // the control: the grep sees what stays
    expect(bytes).not.toContain(MAI);
    expect((await bus.jsm.streams.info(names.stream('feedback'))).state.messages).toBe(2);
    expect((await bus.jsm.streams.info(names.deadLetterStream)).state.messages).toBe(1);

    // Idempotent: nothing left to find.
    const again = await eraseEventsHolding({
      js: bus.js,
      jsm: bus.jsm,
      names,
      domain: 'feedback',
      holds: holdsMai,
      dryRun: false,
      logger,
    });
    expect(again.messages).toEqual([]);

    // Two erasures at once (two operators, a retried command): each message is erased once, and
    // the one that finds it gone already carries on.
    await publish(received('f5', MAI));
    const both = await Promise.all(
      [1, 2].map(() =>
        eraseEventsHolding({
          js: bus.js,
          jsm: bus.jsm,
          names,
          domain: 'feedback',
          holds: holdsMai,
          dryRun: false,
          logger,
        }),
      ),
    );
    expect(both.flatMap((r) => r.messages)).toHaveLength(1);
    expect(storeBytes()).not.toContain(MAI);
  });

  it('waits for a durable consumer to be done with the messages; names one that never is', async () => {
    const { names, publish } = await network();
    const stream = names.stream('feedback');
    await bus.jsm.consumers.add(stream, {
      durable_name: 'replies',
      ack_policy: AckPolicy.Explicit,
      ack_wait: 30_000_000_000,
    });
    await publish(received('g1', MAI));
    await publish(received('g2', HANG));

    // The consumer holds the first without acking: it is not done, and the erasure says so.
    const consumer = await bus.js.consumers.get(stream, 'replies');
    const held: JsMsg[] = [];
    for await (const m of await consumer.fetch({ max_messages: 1, expires: 2000 })) held.push(m);
    expect(held).toHaveLength(1);
    const behind = await eraseEventsHolding({
      js: bus.js,
      jsm: bus.jsm,
      names,
      domain: 'feedback',
      holds: holdsMai,
      dryRun: false,
      settleMs: 300,
      logger,
    });
    expect(behind.messages).toHaveLength(1);
    expect(behind.unsettled).toEqual(['replies']);

    // One that acks while the erasure waits lets it erase after it.
    await publish(received('g3', MAI));
    const erasure = eraseEventsHolding({
      js: bus.js,
      jsm: bus.jsm,
      names,
      domain: 'feedback',
      holds: holdsMai,
      dryRun: false,
      settleMs: 20_000,
      logger,
    });
    for (const m of held) m.ack();
    for await (const m of await consumer.fetch({ max_messages: 2, expires: 2000 })) m.ack();
    const settled = await erasure;
    expect(settled.messages).toHaveLength(1);
    expect(settled.unsettled).toEqual([]);
    expect(storeBytes()).not.toContain(MAI);
  });
});
