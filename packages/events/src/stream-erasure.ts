import {
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Logger } from '@pcn/platform';
import type { Domain } from './catalogue.js';
import { DeadLetterHeaders } from './dead-letter.js';
import type { BusNames } from './names.js';

/** A stream message that held a person's data, erased (or, in a dry run, that would be). */
export interface ErasedStreamMessage {
  stream: string;
  seq: number;
  /** The event type it was published as (for a dead letter: the original event's). */
  subject: string;
}

/** Whether an event carries the person's data; `data` is as published, unchecked. */
export type EventHolds = (type: string, data: unknown) => boolean;

export interface StreamErasureOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: BusNames;
  /** The domain whose events may carry the person's data (the service's own stream). */
  domain: Domain;
  holds: EventHolds;
  dryRun: boolean;
  /**
   * How long to wait for the streams' durable consumers to be done with the matched messages
   * before erasing them (default 10 s). A consumer still behind then never sees them: the person
   * asked to be forgotten, so a receipt or answer not sent to them is the right outcome.
   */
  settleMs?: number;
  logger: Logger;
}

export interface StreamErasureResult {
  messages: ErasedStreamMessage[];
  /** Durable consumers that had not handled every matched message when it was erased. */
  unsettled: string[];
}

const BATCH = 500;
const POLL_MS = 200;

/** Whether the message is no longer in the stream (aged out, or a concurrent erasure took it). */
async function isGone(jsm: JetStreamManager, stream: string, seq: number): Promise<boolean> {
  try {
    return (await jsm.streams.getMessage(stream, { seq })) === null;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status === 404) return true;
    throw err;
  }
}

function envelopeData(bytes: Uint8Array): unknown {
  try {
    return (JSON.parse(new TextDecoder().decode(bytes)) as { data?: unknown } | null)?.data;
  } catch {
    return undefined; // not an event (a dead letter of junk): holds nothing we can match
  }
}

/**
 * Deletes one stream message with JetStream's erase: its bytes are overwritten in the store, not
 * just unlinked (a plain delete leaves them in the block file until it is compacted). False when
 * the message is gone already (aged out, erased by a concurrent run): nothing of it is left.
 */
export async function eraseStreamMessage(
  jsm: JetStreamManager,
  stream: string,
  seq: number,
): Promise<boolean> {
  try {
    await jsm.streams.deleteMessage(stream, seq, true);
    return true;
  } catch (err) {
    // JetStream's refusal differs with where the message sat (10057 "no message found" with
    // status 500, 10043 "sequence N not found" with 400), so look rather than trust the code.
    if (err instanceof JetStreamApiError && (await isGone(jsm, stream, seq))) return false;
    throw err;
  }
}

/**
 * Reads every message of `stream` under `filter` once, oldest first, through an ordered consumer
 * (ephemeral, no acks; nats-server 2.9 has no batched direct get).
 */
async function scan(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  filter: string,
  visit: (m: JsMsg) => void,
): Promise<void> {
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return;
  const consumer = await js.consumers.get(stream, { filter_subjects: filter });
  try {
    // Messages published after the scan began are left for a later erasure.
    for (let done = false; !done;) {
      let seen = 0;
      const batch = await consumer.fetch({ max_messages: BATCH, expires: 2000 });
      for await (const m of batch) {
        seen += 1;
        if (m.seq <= state.last_seq) visit(m);
        // Stop here rather than wait out the fetch's expiry for messages that will not come.
        if (m.info.pending === 0 || m.seq >= state.last_seq) {
          done = true;
          break;
        }
      }
      if (seen === 0) done = true;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
}

/** Durable consumers of `stream` that may still need a message at `seq` or before. */
async function behind(jsm: JetStreamManager, stream: string, seq: number): Promise<string[]> {
  const out: string[] = [];
  for await (const c of jsm.consumers.list(stream)) {
    if (!c.config.durable_name) continue; // ordered readers (this scan, live feeds) keep nothing
    const done = c.ack_floor.stream_seq >= seq || (c.num_pending === 0 && c.num_ack_pending === 0);
    if (!done) out.push(c.name);
  }
  return out;
}

async function settle(
  jsm: JetStreamManager,
  stream: string,
  seq: number,
  settleMs: number,
): Promise<string[]> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const waiting = await behind(jsm, stream, seq);
    if (waiting.length === 0 || Date.now() >= deadline) return waiting;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Law 91/2025 erasure on the bus: finds the events of `domain` that carry the person's data, in
 * the domain's stream and among the dead letters kept of them, waits (bounded) for the durable
 * consumers to be done with them, then deletes each with JetStream's erase, which overwrites the
 * message's bytes in the store rather than only marking it deleted. Idempotent: a second run finds
 * nothing. Streams keep events a year, so without this they would outlive the erasure.
 */
export async function eraseEventsHolding(
  options: StreamErasureOptions,
): Promise<StreamErasureResult> {
  const { js, jsm, names, domain, holds, dryRun, logger } = options;
  const domainStream = names.stream(domain);
  const found: ErasedStreamMessage[] = [];

  await scan(js, jsm, domainStream, names.streamSubjects(domain), (m) => {
    const type = names.typeOfSubject(m.subject);
    if (holds(type, envelopeData(m.data)))
      found.push({ stream: domainStream, seq: m.seq, subject: type });
  });
  await scan(js, jsm, names.deadLetterStream, names.deadLetterSubjects, (m) => {
    if (m.headers?.get(DeadLetterHeaders.OriginalStream) !== domainStream) return;
    const type = names.typeOfSubject(m.headers.get(DeadLetterHeaders.OriginalSubject));
    if (holds(type, envelopeData(m.data)))
      found.push({ stream: names.deadLetterStream, seq: m.seq, subject: type });
  });
  if (dryRun || found.length === 0) return { messages: found, unsettled: [] };

  const unsettled = new Set<string>();
  for (const stream of new Set(found.map((f) => f.stream))) {
    const last = Math.max(...found.filter((f) => f.stream === stream).map((f) => f.seq));
    for (const name of await settle(jsm, stream, last, options.settleMs ?? 10_000))
      unsettled.add(name);
  }
  const erased: ErasedStreamMessage[] = [];
  for (const f of found) if (await eraseStreamMessage(jsm, f.stream, f.seq)) erased.push(f);
  logger.info(
    { erased: erased.length, unsettled: [...unsettled] },
    'stream messages holding personal data erased',
  );
  return { messages: erased, unsettled: [...unsettled] };
}
