import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusNames, connectBus, provisionStreams, publishDeadLetter, type Bus } from '@pcn/events';
import { createLogger } from '@pcn/platform';
import { startNatsServer, uniquePrefix, type NatsServer } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetStreamDeadLetters } from './jetstream-dead-letters.js';

// A dead letter is the original message byte for byte, so one of a FeedbackReceived holds the
// submitter's reply address. Discarding or replaying it must not leave those bytes in the store
// (erasure could no longer find them there). A nats-server of its own, to read its store.
const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const ADDRESS = 'dead.letter.person@example.vn';

let server: NatsServer;
let bus: Bus;

beforeAll(async () => {
  server = await startNatsServer();
  bus = await connectBus([server.url], 'dead-letters-test', logger);
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

describe('jetStreamDeadLetters.remove', () => {
  it('overwrites the letter in the store, and a second removal changes nothing', async () => {
    const names = new BusNames(uniquePrefix('dl'));
    await provisionStreams(bus.jsm, names, logger);
    for (const email of [ADDRESS, 'kept@example.vn'])
      await publishDeadLetter(bus.js, names, {
        durable: 'notification-feedback-replies',
        reason: 'test',
        stream: names.stream('feedback'),
        streamSequence: email === ADDRESS ? 1 : 2,
        subject: names.subjectFor('pcn.feedback.v1.FeedbackReceived'),
        deliveries: 6,
        data: new TextEncoder().encode(JSON.stringify({ data: { replyTo: { email } } })),
      });
    expect(storeBytes()).toContain(ADDRESS);

    const letters = jetStreamDeadLetters(bus.jsm, names);
    await letters.remove(1);
    const bytes = storeBytes();
    expect(bytes).toContain('kept@example.vn'); // the control
    expect(bytes).not.toContain(ADDRESS);
    // Removed already (a second run after a crash): the outcome is the same.
    await expect(letters.remove(1)).resolves.toBeUndefined();
    await expect(letters.remove(2)).resolves.toBeUndefined();
    await expect(letters.remove(2)).resolves.toBeUndefined();
    expect((await letters.list(10)).total).toBe(0);
  });
});
