import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { Logger } from '@pcn/platform';
import { currentTraceparent, systemClock, withSpan, type Clock } from '@pcn/platform';
import type { OutboxMessage, PendingOutboxMessage, Store } from '@pcn/storage';
import type { EventEnvelope } from './envelope.js';
import type { BusNames } from './names.js';

/**
 * Turns an event into the outbox row that the relay will publish. With tracing on, the row keeps
 * the enqueuing span's `traceparent`: the relay runs later, outside the request's context.
 */
export function toOutboxMessage(names: BusNames, event: EventEnvelope): OutboxMessage {
  const message = {
    id: event.id,
    subject: names.subjectFor(event.type),
    payload: JSON.stringify(event),
  };
  const traceparent = currentTraceparent();
  return traceparent === undefined ? message : { ...message, traceparent };
}

/**
 * The one JetStream call the relay needs; tests wrap it to inject crashes. `expectedLastMsgId`
 * goes out as `Nats-Expected-Last-Msg-Id`: the stream refuses the message unless the one before it
 * is the last stored, so a failure mid-pipeline cannot let later events overtake it.
 */
export type Publish = (
  subject: string,
  payload: string,
  msgId: string,
  expectedLastMsgId?: string,
  /** W3C `traceparent` for the message headers (tracing on only). */
  traceparent?: string,
) => Promise<PubAck>;

/** `Publish` on a JetStream client, with the event id as `Nats-Msg-Id`. */
export function jetStreamPublisher(js: JetStreamClient): Publish {
  return (subject, payload, msgId, expectedLastMsgId, traceparent) => {
    // NATS has no OpenTelemetry instrumentation: the trace context travels as a header.
    let headers;
    if (traceparent !== undefined) {
      headers = natsHeaders();
      headers.set('traceparent', traceparent);
    }
    return js.publish(subject, payload, {
      msgID: msgId,
      ...(expectedLastMsgId ? { expect: { lastMsgID: expectedLastMsgId } } : {}),
      ...(headers ? { headers } : {}),
    });
  };
}

/** Publishes one outbox row in a producer span, a child of the span that enqueued it. */
function publishTraced(
  publish: Publish,
  message: PendingOutboxMessage,
  expected: string | undefined,
): Promise<PubAck> {
  if (message.traceparent === undefined)
    return publish(message.subject, message.payload, message.id, expected);
  return withSpan(
    `${message.subject} publish`,
    {
      kind: 'producer',
      traceparent: message.traceparent,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': message.subject,
        'messaging.message.id': message.id,
      },
    },
    (traceparent) =>
      publish(
        message.subject,
        message.payload,
        message.id,
        expected,
        traceparent ?? message.traceparent,
      ),
  );
}

export interface OutboxRelayOptions {
  store: Store;
  publish: Publish;
  logger: Logger;
  /** Identifies this replica for the relay lease. */
  holder: string;
  clock?: Clock;
  /**
   * Publishes in flight at most (default 1024); they are pipelined on one connection. Raw
   * publishing gains nothing past ~256 in flight, but the relay also reads and marks rows, and
   * a deeper pipeline hides that work.
   */
  batchSize?: number;
  /** Poll interval when the outbox is empty and nobody called `notify()`. */
  idleMs?: number;
  leaseTtlMs?: number;
  /** First retry delay after a failed publish; doubles per attempt up to `maxRetryMs`. */
  retryBaseMs?: number;
  maxRetryMs?: number;
  /** Published rows are kept this long for inspection, then pruned. */
  keepPublishedMs?: number;
  /**
   * The stream a subject is stored in. With it, each publish names the previous message of its
   * stream as expected last, which keeps stream order strict; this relay must then be the
   * stream's only publisher (true per domain, one replica under the lease).
   */
  streamOf?: (subject: string) => string | undefined;
  /**
   * While it returns true (a store outage another component waits out), the relay leaves the
   * store alone: a try at a locked SQLite file blocks the whole process for its busy timeout,
   * starving the heartbeats of handlers that hold messages meanwhile.
   */
  holdWhile?: () => boolean;
}

/**
 * Publishes outbox rows in commit order, with the event id as `Nats-Msg-Id`, and marks them
 * published once JetStream has acknowledged them. A crash between publish and mark republishes the
 * same ids, which the stream's de-duplication window drops: nothing is lost or published twice.
 * One replica at a time relays, under a lease, so that order holds with several replicas running.
 */
export class OutboxRelay {
  readonly #options: Required<Omit<OutboxRelayOptions, 'clock' | 'streamOf' | 'holdWhile'>> &
    Pick<OutboxRelayOptions, 'streamOf' | 'holdWhile'> & { clock: Clock };
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #lastPrune = 0;
  #published = 0;
  /** Published but not yet acknowledged, in commit order. */
  #inFlight: { message: PendingOutboxMessage; settled: Promise<string | undefined> }[] = [];
  /** Seq of the last message put in flight; the next read starts after it. */
  #cursor = 0;
  /** Per stream, the id of the last message put in flight: the next one's expected last. */
  readonly #chain = new Map<string, string>();

  constructor(options: OutboxRelayOptions) {
    this.#options = {
      clock: systemClock,
      batchSize: 1024,
      idleMs: 100,
      leaseTtlMs: 10_000,
      retryBaseMs: 500,
      maxRetryMs: 60_000,
      keepPublishedMs: 24 * 3600_000,
      ...options,
    };
  }

  /** Messages this relay has published since it started. */
  get published(): number {
    return this.#published;
  }

  start(): void {
    this.#running ??= this.#loop().catch((err: unknown) => {
      this.#options.logger.fatal({ err }, 'outbox relay stopped unexpectedly');
    });
  }

  /** Wakes the relay now, for example right after a commit, instead of at the next poll. */
  notify(): void {
    this.#wake?.();
  }

  /** Finishes the round in progress, then stops and gives up the lease. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.notify();
    await this.#running;
    const { done } = await this.#settle(this.#inFlight.splice(0));
    if (done.length > 0)
      await this.#options.store.outbox.markPublished(done, this.#options.clock.now());
    await this.#options.store
      .releaseLease('outbox-relay', this.#options.holder)
      .catch(() => undefined);
  }

  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }

  async #loop(): Promise<void> {
    const { store, logger, holder, leaseTtlMs, idleMs } = this.#options;
    let leaseRenewedAt = 0;
    while (!this.#stopping) {
      if (this.#options.holdWhile?.()) {
        await this.#sleep(Math.max(idleMs, 250));
        continue;
      }
      try {
        const now = this.#options.clock.now();
        if (now.getTime() - leaseRenewedAt > leaseTtlMs / 3) {
          if (!(await store.acquireLease('outbox-relay', holder, leaseTtlMs, now))) {
            leaseRenewedAt = 0;
            await this.#abandonInFlight();
            await this.#sleep(leaseTtlMs / 3);
            continue;
          }
          leaseRenewedAt = now.getTime();
        }
        const sent = await this.#round(now);
        if (sent === 0) {
          await this.#maybePrune(now);
          await this.#sleep(idleMs);
        }
      } catch (err) {
        logger.error({ err }, 'outbox relay round failed; retrying');
        await this.#abandonInFlight();
        await this.#sleep(Math.min(this.#options.maxRetryMs, 1000));
      }
    }
  }

  /**
   * One step of the pipeline: top the window up with messages committed after the last one sent,
   * then settle the oldest chunk in flight. Returns how many were published. A failure empties the
   * pipeline and restarts from the oldest unpublished message, which the retry time then gates.
   */
  async #round(now: Date): Promise<number> {
    const { store, publish, batchSize, logger } = this.#options;
    // With nothing in flight, read from the oldest unpublished message again: a cursor can never
    // hide a message whose commit landed behind it.
    if (this.#inFlight.length === 0) this.#cursor = 0;
    const room = batchSize - this.#inFlight.length;
    if (room > 0) {
      const fresh = await store.outbox.pending(room, now, this.#cursor);
      for (const message of fresh) {
        // Issued back to back on one connection, so JetStream stores them in commit order.
        const stream = this.#options.streamOf?.(message.subject);
        const expected = stream === undefined ? undefined : this.#chain.get(stream);
        if (stream !== undefined) this.#chain.set(stream, message.id);
        const settled = publishTraced(publish, message, expected).then(
          () => undefined,
          (err: unknown) => (err instanceof Error ? err.message : String(err)),
        );
        this.#inFlight.push({ message, settled });
        this.#cursor = message.seq;
      }
    }
    if (this.#inFlight.length === 0) return 0;
    let settled = await this.#settle(
      this.#inFlight.splice(0, Math.max(1, Math.ceil(batchSize / 4))),
    );
    if (settled.failed.length > 0) {
      // Let the rest land too, so that what did get published is marked, then start over.
      const rest = await this.#settle(this.#inFlight.splice(0));
      // Unknown what the streams hold last now: the next publish of each starts a new chain.
      this.#chain.clear();
      settled = {
        done: [...settled.done, ...rest.done],
        failed: [...settled.failed, ...rest.failed],
      };
      this.#cursor = 0;
    }
    const { done, failed } = settled;
    if (done.length > 0) await store.outbox.markPublished(done, this.#options.clock.now());
    for (const { message, error } of failed) {
      const delay = Math.min(
        this.#options.maxRetryMs,
        this.#options.retryBaseMs * 2 ** message.attempts,
      );
      const jittered = delay / 2 + Math.random() * (delay / 2);
      logger.warn({ eventId: message.id, attempts: message.attempts + 1, error }, 'publish failed');
      await store.outbox.markFailed(message.id, error, new Date(now.getTime() + jittered));
    }
    this.#published += done.length;
    return done.length + failed.length;
  }

  async #settle(
    batch: { message: PendingOutboxMessage; settled: Promise<string | undefined> }[],
  ): Promise<{ done: string[]; failed: { message: PendingOutboxMessage; error: string }[] }> {
    const errors = await Promise.all(batch.map((h) => h.settled));
    const done: string[] = [];
    const failed: { message: PendingOutboxMessage; error: string }[] = [];
    batch.forEach(({ message }, i) => {
      const error = errors[i];
      if (error === undefined) done.push(message.id);
      else failed.push({ message, error });
    });
    return { done, failed };
  }

  /** Waits out what is in flight without marking it; the next read starts from the oldest again. */
  async #abandonInFlight(): Promise<void> {
    await Promise.all(this.#inFlight.splice(0).map((h) => h.settled));
    this.#cursor = 0;
    this.#chain.clear();
  }

  async #maybePrune(now: Date): Promise<void> {
    if (now.getTime() - this.#lastPrune < 10 * 60_000) return;
    this.#lastPrune = now.getTime();
    const pruned = await this.#options.store.outbox.prune(
      new Date(now.getTime() - this.#options.keepPublishedMs),
    );
    if (pruned > 0) this.#options.logger.debug({ pruned }, 'pruned published outbox rows');
  }
}

/**
 * The relay a service runs for its outbox: it publishes on JetStream, each domain stream in strict
 * order (this relay is then the only publisher of the domains its service owns).
 */
export function busOutboxRelay(
  options: Omit<OutboxRelayOptions, 'publish' | 'streamOf'> & {
    js: JetStreamClient;
    names: BusNames;
  },
): OutboxRelay {
  const { js, names, ...rest } = options;
  return new OutboxRelay({
    ...rest,
    publish: jetStreamPublisher(js),
    streamOf: (subject) => names.streamOfSubject(subject),
  });
}
