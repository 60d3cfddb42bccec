import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames, createEventFactory, provisionStreams, type EventType } from '@pcn/events';
import { createLogger, systemClock } from '@pcn/platform';
import { uniquePrefix, waitFor } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FeedbackEventHub } from './feedback-event-hub.js';

// The gateway's feed of the FEEDBACK stream: every comment taken in passes through it, so it
// must not decode events that no listener and no live subscription reads.
const names = new BusNames(uniquePrefix('gwfh'));
const lines: { level: string; msg: string }[] = [];
const logger = createLogger({
  service: 'gateway-test',
  version: 'test',
  level: 'info',
  pretty: false,
  destination: {
    write: (line: string) => void lines.push(JSON.parse(line) as { level: string; msg: string }),
  },
});
const events = createEventFactory('feedback', systemClock);
const received = events.create('pcn.feedback.v1.FeedbackReceived', 'd1', {
  feedbackId: 'f1',
  draftId: 'd1',
  version: 1,
  articleId: null,
  clauseId: null,
  stance: 'support',
  channel: 'web',
  language: 'vi',
  unitId: null,
  submitterKind: 'citizen',
  verified: false,
  receivedAt: new Date().toISOString(),
  receiptCode: 'K7QX4M2P',
  replyTo: null,
});
const moderated = events.create('pcn.feedback.v1.FeedbackModerated', 'd1', {
  feedbackId: 'f1',
  draftId: 'd1',
  decision: 'published',
  reason: null,
  moderatedAt: new Date().toISOString(),
});

let nc: NatsConnection;
let hub: FeedbackEventHub;

beforeAll(async () => {
  nc = await connect({ servers: inject('natsUrl') });
  await provisionStreams(await jetstreamManager(nc), names, logger);
  hub = new FeedbackEventHub(jetstream(nc), names, logger);
  await hub.start();
});
afterAll(async () => {
  await hub.stop();
  await nc.close();
});

const publishRaw = (type: EventType, payload: string) =>
  jetstream(nc).publish(names.subjectFor(type), payload);
const invalidWarnings = () => lines.filter((l) => l.msg === 'skipping an invalid feedback event');

describe('FeedbackEventHub', () => {
  it('decodes only the events its listeners want while no live subscription is open', async () => {
    const changes: number[] = [];
    hub.onPublicChange(() => changes.push(Date.now()));
    // Junk on the comment-received subject: nobody reads those now, so it is never decoded.
    await publishRaw('pcn.feedback.v1.FeedbackReceived', '{ not json');
    await publishRaw('pcn.feedback.v1.FeedbackReceived', JSON.stringify(received));
    await publishRaw('pcn.feedback.v1.FeedbackModerated', JSON.stringify(moderated));
    await waitFor(() => changes.length === 1, {
      timeoutMs: 5_000,
      description: 'the moderation event',
    });
    expect(invalidWarnings()).toEqual([]);
  });

  it('decodes every event once a live subscription is open', async () => {
    const before = invalidWarnings().length;
    const live = hub.subscribe({});
    const first = live.next();
    await publishRaw('pcn.feedback.v1.FeedbackReceived', '{ not json');
    await publishRaw('pcn.feedback.v1.FeedbackReceived', JSON.stringify(received));
    const event = await first;
    expect(event.value).toMatchObject({ type: 'FeedbackReceived', feedbackId: 'f1' });
    expect(invalidWarnings()).toHaveLength(before + 1);
    await live.return?.();
  });
});
